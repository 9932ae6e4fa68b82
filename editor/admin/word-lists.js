// A list pasted from Word (or Google Docs, Pages, an email) into one of the
// editor's text boxes stays a list: each item becomes a Markdown "- " line.
// Word puts a bullet character and a tab before each item in the plain text
// it copies ("·\tFirst"), and marks its list paragraphs in the HTML it copies;
// pasted as they are, the items run together into one paragraph on the site.
// What cannot be read as a list is pasted as it is, and the form refuses
// bullet characters with a message (editor/admin/config.yml, `list_pattern`).
(function () {
  // A bullet Word, Docs or Pages writes before an item, then spaces or a tab.
  var BULLET = /^[ \t]*(?:[•·▪◦▫■□●○‣⁃–-]|o(?=\t))[ \t]+/;
  var NUMBERED = /^[ \t]*(\d{1,3})[.)][ \t]+/;

  function itemsFromHtml(html) {
    // DOMParser builds an inert document: nothing in it runs or loads.
    var page = new DOMParser().parseFromString(html, "text/html");
    var blocks = page.body.querySelectorAll("li, p, div, h1, h2, h3, h4");
    var lines = [];
    var foundList = false;
    blocks.forEach(function (block) {
      if (block.querySelector("li, p, div")) {
        return; // read the innermost blocks only
      }
      var text = block.textContent.replace(/\s+/g, " ").trim();
      var wordItem = /mso-list/i.test(block.getAttribute("style") || "") || /MsoListParagraph/i.test(block.className);
      if (block.tagName === "LI" || wordItem) {
        foundList = true;
        lines.push("- " + text.replace(BULLET, "").replace(/^[·•o§]\s*/, ""));
      } else if (text) {
        lines.push(text);
      }
    });
    return foundList ? lines.join("\n") : null;
  }

  function itemsFromText(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    var changed = false;
    var result = lines.map(function (line) {
      if (BULLET.test(line) && !/^[ \t]*-[ \t]/.test(line)) {
        changed = true;
        return line.replace(BULLET, "- ");
      }
      if (NUMBERED.test(line) && /\t/.test(line.slice(0, 8))) {
        changed = true;
        return line.replace(NUMBERED, "$1. ");
      }
      return line;
    });
    return changed ? result.join("\n") : null;
  }

  document.addEventListener("paste", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !event.clipboardData) {
      return;
    }
    var html = event.clipboardData.getData("text/html");
    var list = (html && itemsFromHtml(html)) || itemsFromText(event.clipboardData.getData("text/plain").replace(/\s+$/, ""));
    if (list === null) {
      return;
    }
    event.preventDefault();
    // Starts a list on a line of its own, as Markdown needs.
    var before = box.value.slice(0, box.selectionStart);
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    // insertText keeps the editor's own record of the text, and undo, in step.
    document.execCommand("insertText", false, lead + list + "\n");
  }, true);
})();
