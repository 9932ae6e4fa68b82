// "Reviewed on" is required on a page that gives health information, and only
// there. Decap has no conditional required field, so a preSave listener
// refuses the save instead, with a message in the form's words; Decap shows it
// and writes nothing (backend.persistEntry runs preSave before saving).
//
// Which pages: the build's own rule (plugins/kact_gate/checks/reviewed_required.py),
// handed over as health-pages.json by `make edit` (tooling/editor/editor.py) and by the
// online mode (tooling/editor/editor_online.py): a page that must carry a health notice
// (data/notices.yml's rules, read as the build reads them) or shows a crisis fact.

// The form says so too: on such a page, "Reviewed on" is marked "(required on
// this page)" where Decap marks a field it lets stay empty "(optional)"
// (registerReviewedWidget, the "kact-reviewed" widget of config.yml).

// Where a field holds words a reader sees (not the menu settings or the date).
var NOT_READ = ["Slug", "Nav_order", "Nav_label", "Status", "Reviewed"];

function wordsOf(value, key) {
  if (typeof value === "string") {
    return NOT_READ.indexOf(key) === -1 && String(key).charAt(0) !== "_" ? value : "";
  }
  if (value && typeof value === "object") {
    return Object.keys(value).map(function (inner) {
      return NOT_READ.indexOf(inner) === -1 && inner.charAt(0) !== "_" ? wordsOf(value[inner], inner) : "";
    }).join(" ");
  }
  return "";
}

function escaped(phrase) {
  return phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Pelican's slugify for a title, as a new page gets its address.
function slugOf(title) {
  return String(title || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

// kact_notices/rules.py rule_matches, for one notice's rules.
function ruleMatches(rules, slug, text) {
  if (rules.all) {
    return true;
  }
  if ((rules.pages || []).indexOf(slug) !== -1) {
    return true;
  }
  var left = (rules.ignore || []).reduce(function (words, phrase) {
    return words.replace(new RegExp(escaped(phrase), "gi"), " ");
  }, text);
  return (rules.mentions || []).some(function (pattern) {
    return new RegExp(pattern, "i").test(left);
  });
}

// Why the page is a health page, in words, or "" when it is not.
export function healthReason(healthRules, data, entrySlug) {
  var text = wordsOf(data, "");
  var slug = data.Slug || entrySlug || slugOf(data.Title);
  if (healthRules.crisis_facts.some(function (fact) { return text.indexOf(fact) !== -1; })) {
    return "it shows crisis numbers";
  }
  var notice = healthRules.notices.filter(function (notice) {
    return notice.full_on === slug || ruleMatches(notice.rules || {}, slug, text);
  })[0];
  return notice ? "it carries the “" + notice.heading + "” notice" : "";
}

// The collections whose form has "Reviewed on" (config.yml): pages and the FAQ.
function reviewedCollections(settings) {
  return (settings.collections || []).filter(function (collection) {
    var forms = [collection.fields || []].concat((collection.files || []).map(function (file) {
      return file.fields || [];
    }));
    return forms.some(function (fields) {
      return fields.some(function (field) { return field.name === "Reviewed"; });
    });
  }).map(function (collection) {
    return collection.name;
  });
}

export function registerReviewedRequired(healthRules, settings) {
  var collections = reviewedCollections(settings);
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data").toJS();
      if (collections.indexOf(entry.get("collection")) === -1 || data.Reviewed) {
        return undefined; // saved as it is
      }
      var reason = healthReason(healthRules, data, entry.get("slug"));
      if (!reason) {
        return undefined;
      }
      var message = "This page gives health information (" + reason + "), so “Reviewed on” needs a date. " +
        "Read the page through, pick the day you found it accurate in “Reviewed on”, then save again.";
      // Decap shows the refusal as "Not saved: " and this (kact-cms.js's words).
      var refusal = new Error(message);
      refusal.toString = function () {
        return message;
      };
      throw refusal;
    },
  });
}

// The "kact-reviewed" widget: Decap's own date box, and the mark after the
// field's label telling whether this page needs the date, on the page as it is
// now written. Decap marks every field with `required: false` "(optional)",
// and must keep the field optional (other pages are saved without a date), so
// the widget rewrites that mark in place, after each change of the page.
export function registerReviewedWidget(healthRules) {
  var datetime = CMS.getWidget("datetime");
  var REQUIRED = " (required on this page)";

  var Control = createClass({
    // Decap redraws a widget only when its own value changes; this mark
    // follows the whole page (its text decides whether it is a health page).
    shouldComponentUpdate: function (next) {
      return next.entry !== this.props.entry || next.value !== this.props.value ||
        next.classNameWrapper !== this.props.classNameWrapper;
    },
    componentDidMount: function () {
      this.mark();
    },
    componentDidUpdate: function () {
      this.mark();
    },
    reason: function () {
      var entry = this.props.getEntry ? this.props.getEntry() : this.props.entry;
      return healthRules && entry ? healthReason(healthRules, entry.get("data").toJS(), entry.get("slug")) : "";
    },
    mark: function () {
      var marker = document.querySelector('label[for="' + this.props.forID + '"] > span');
      if (!marker) {
        return;
      }
      this.optional = this.optional || marker.textContent; // Decap's own words: " (optional)"
      marker.textContent = this.reason() ? REQUIRED : this.optional;
    },
    render: function () {
      return h(datetime.control, this.props);
    },
  });
  CMS.registerWidget("kact-reviewed", Control, datetime.preview);
}
