// Reads and writes our pages as Pelican does: header lines (`Title: ...`), one
// blank line, then the Markdown text. The browser editor uses these instead of
// YAML front matter, so the build needs no change and no page is migrated.
//
// Byte for byte: every header line keeps its place and its exact text unless
// its value was changed in the editor; fields the editor does not show
// (Save_as, Template, ...) are written back untouched; the text is kept as is.
//
// A plain script in the browser (window.KactFormats) and a module in Node, so
// tests/test_editor_formats.py can round-trip every page without a browser.
(function (root) {
  "use strict";

  // Where a field the editor adds goes, relative to the others (the order
  // tooling/new_page.py and the gate's schema use). Unknown fields go last.
  var FIELD_ORDER = [
    "Title", "Summary", "Slug", "Nav_order", "Nav_label", "Footer_order",
    "Reviewed", "Notices", "Save_as", "URL", "Template", "Status",
  ];
  // Kept in the entry but never written: the header as it was read.
  var ORIGINAL = "_header";
  var HEADER_LINE = /^ {0,3}([A-Za-z0-9_-]+):[ \t]*(.*)$/;
  var CONTINUATION = /^ {4,}/;

  function splitHeader(content) {
    var lines = content.split("\n");
    var header = [];
    var index = 0;
    for (; index < lines.length; index += 1) {
      var line = lines[index];
      var match = HEADER_LINE.exec(line);
      if (match) {
        header.push({ key: match[1], value: match[2].trim(), text: line });
      } else if (CONTINUATION.test(line) && header.length) {
        var last = header[header.length - 1];
        last.value += "\n" + line.trim();
        last.text += "\n" + line;
      } else {
        break;
      }
    }
    // One blank line ends the header (Python-Markdown's meta extension).
    var rest = lines.slice(index);
    var separator = header.length && rest.length && rest[0] === "" ? 1 : 0;
    return { header: header, body: rest.slice(separator).join("\n"), separated: separator === 1 };
  }

  function fromFile(content) {
    var parts = splitHeader(content);
    var data = {};
    parts.header.forEach(function (field) {
      data[field.key] = field.value;
    });
    data.body = parts.body;
    data[ORIGINAL] = parts.header.map(function (field) {
      return { key: field.key, value: field.value, text: field.text };
    });
    return data;
  }

  function isEmpty(value) {
    return value === undefined || value === null || String(value).trim() === "";
  }

  function headerLine(key, value) {
    return key + ": " + String(value).trim();
  }

  function placeOf(key) {
    var place = FIELD_ORDER.indexOf(key);
    return place === -1 ? FIELD_ORDER.length : place;
  }

  function headerLines(data) {
    var original = data[ORIGINAL] || [];
    var entries = [];
    original.forEach(function (field) {
      var value = data[field.key];
      var unchanged = isEmpty(value) ? field.value === "" : String(value).trim() === field.value;
      if (isEmpty(value) && !unchanged) {
        return; // cleared in the editor: the line goes
      }
      entries.push({ key: field.key, line: unchanged ? field.text : headerLine(field.key, value) });
    });
    var known = original.map(function (field) {
      return field.key;
    });
    Object.keys(data)
      .filter(function (key) {
        return key !== "body" && key !== ORIGINAL && known.indexOf(key) === -1 &&
          !isEmpty(data[key]) && typeof data[key] !== "object";
      })
      .sort(function (a, b) {
        return placeOf(a) - placeOf(b);
      })
      .forEach(function (key) {
        // A new field goes before the first line whose field comes after it.
        var at = entries.findIndex(function (entry) {
          return placeOf(entry.key) > placeOf(key);
        });
        entries.splice(at === -1 ? entries.length : at, 0, { key: key, line: headerLine(key, data[key]) });
      });
    return entries.map(function (entry) {
      return entry.line;
    });
  }

  function toFile(data) {
    var body = data.body === undefined || data.body === null ? "" : String(data.body);
    return headerLines(data).join("\n") + "\n\n" + body;
  }

  // The FAQ: the same file, with its text shown as a list of questions (each a
  // `## ` heading) and answers, so she edits one answer in its own box.
  var QUESTION = /^## (.*)$/gm;

  function faqFromFile(content) {
    var data = fromFile(content);
    var starts = [];
    var match;
    while ((match = QUESTION.exec(data.body)) !== null) {
      starts.push(match.index);
    }
    data.intro = data.body.slice(0, starts.length ? starts[0] : data.body.length).replace(/\n+$/, "");
    data.questions = starts.map(function (start, number) {
      var section = data.body.slice(start, number + 1 < starts.length ? starts[number + 1] : undefined);
      var newline = section.indexOf("\n");
      return {
        question: section.slice(3, newline === -1 ? undefined : newline),
        answer: newline === -1 ? "" : section.slice(newline).replace(/^\n+/, "").replace(/\n+$/, ""),
      };
    });
    delete data.body;
    return data;
  }

  function faqToFile(data) {
    var sections = (data.questions || []).map(function (item) {
      return "## " + String(item.question || "").trim() + "\n\n" + String(item.answer || "").replace(/\n+$/, "");
    });
    var intro = isEmpty(data.intro) ? [] : [String(data.intro).replace(/\n+$/, "")];
    var copy = Object.assign({}, data, { body: intro.concat(sections).join("\n\n") + "\n" });
    delete copy.intro;
    delete copy.questions;
    return toFile(copy);
  }

  var api = {
    pelican: { fromFile: fromFile, toFile: toFile },
    pelicanFaq: { fromFile: faqFromFile, toFile: faqToFile },
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.KactFormats = api;
  }
})(this);
