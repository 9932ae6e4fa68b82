// The "kact-text" widget: Decap's own text box, with an "Insert" list below it
// that offers, in plain words, what the text may hold that she should not have
// to type: a fact ({{ therapist.first_name }}: "The therapist › First name")
// and a link to another page ([Questions couples often ask]({filename}faq.md)).
// The choice goes in where the cursor was. Nothing is typed in a code she has to learn.
//
// The facts come from the facts form (editor/admin/config.yml), so its labels
// name them; the pages from the links on the site's home page, with their words.

// {{ path }} for every plain field of the facts form, named by its labels.
function factChoices(settings) {
  var facts = (settings.collections || []).filter(function (collection) {
    return collection.name === "facts";
  })[0];
  var choices = [];
  function walk(fields, path, names) {
    (fields || []).forEach(function (field) {
      var here = path.concat(field.name);
      var named = names.concat(field.label);
      if (field.widget === "object") {
        walk(field.fields, here, named);
      } else if (field.widget !== "list") { // a list (the crisis lines she adds) is no one fact
        choices.push({ label: named.join(" › "), text: "{{ " + here.join(".") + " }}" });
      }
    });
  }
  walk(facts ? facts.files[0].fields : [], [], []);
  return choices;
}

// [words]({filename}page.md) for every page the home page links to.
function pageChoices(homePage) {
  var seen = {};
  var choices = [];
  homePage.querySelectorAll("a[href]").forEach(function (link) {
    var address = new URL(link.getAttribute("href"), location.origin + "/");
    var words = link.textContent.replace(/\s+/g, " ").trim();
    if (address.origin !== location.origin || !words || address.hash || /\.[a-z0-9]+$/i.test(address.pathname)) {
      return;
    }
    var name = address.pathname.split("/").filter(Boolean).pop() || "index";
    if (seen[name]) {
      return;
    }
    seen[name] = true;
    choices.push({ label: words + " (" + address.pathname + ")", text: "[" + words + "]({filename}" + name + ".md)" });
  });
  return choices;
}

export function registerInsertWidget(settings, homePage) {
  var text = CMS.getWidget("text");
  var groups = [
    { label: "A fact (the site shows its current value)", choices: factChoices(settings) },
    { label: "A link to a page of the site", choices: homePage ? pageChoices(homePage) : [] },
  ];

  var Control = createClass({
    remember: function (event) {
      if (event.target instanceof HTMLTextAreaElement) {
        this.caret = [event.target.selectionStart, event.target.selectionEnd];
      }
    },
    insert: function (event) {
      var snippet = event.target.value;
      event.target.value = "";
      if (!snippet) {
        return;
      }
      var value = this.props.value || "";
      var caret = this.caret || [value.length, value.length];
      this.props.onChange(value.slice(0, caret[0]) + snippet + value.slice(caret[1]));
      this.caret = [caret[0] + snippet.length, caret[0] + snippet.length];
    },
    render: function () {
      var remember = this.remember;
      var options = [h("option", { key: "", value: "" }, "Insert a fact or a link…")].concat(
        groups.filter(function (group) { return group.choices.length; }).map(function (group) {
          return h("optgroup", { key: group.label, label: group.label }, group.choices.map(function (choice) {
            return h("option", { key: choice.text, value: choice.text }, choice.label);
          }));
        })
      );
      return h("div", { onSelect: remember, onKeyUp: remember, onClick: remember },
        h(text.control, this.props),
        h("select", {
          "aria-label": "Insert into " + this.props.field.get("label"),
          onChange: this.insert,
          defaultValue: "",
          style: { marginTop: "6px", maxWidth: "100%" },
        }, options));
    },
  });
  CMS.registerWidget("kact-text", Control, text.preview);
}
