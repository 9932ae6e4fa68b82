// Reads and writes data/practice.yml for the browser editor's facts form.
//
// The file explains itself in comments and records where each fact comes from
// (source, confirmed, ask, why). The form shows only some fields, so writing
// the whole file again from the form would lose the rest. Instead each save
// changes, in the file as read, only the values the form changed; comments,
// quoting and every other line stay as they were.
//
// A plain script in the browser (window.KactFacts) and a module in Node
// (tests/editor/test_editor_formats.py). Both hand in the `yaml` package (eemeli/yaml,
// pinned in editor/package-lock.json), which keeps comments.
(function (root) {
  "use strict";

  // Kept in the entry but never written: the file as it was read.
  var ORIGINAL = "_file";

  function isEmpty(value) {
    return value === undefined || value === null || value === "";
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // The paths of values that differ between what was read and what the form holds.
  function changes(now, before, path, found) {
    Object.keys(now).forEach(function (key) {
      if (path.length === 0 && key === ORIGINAL) {
        return;
      }
      var value = now[key];
      var old = isRecord(before) || Array.isArray(before) ? before[key] : undefined;
      var where = path.concat(Array.isArray(now) ? Number(key) : key);
      if (isRecord(value) && (isRecord(old) || old === undefined || old === null)) {
        changes(value, old || {}, where, found); // a group the file lacks: only what is filled in
      } else if (Array.isArray(value) && Array.isArray(old) && value.length === old.length) {
        changes(value, old, where, found);
      } else if (isEmpty(value) && isEmpty(old)) {
        return; // a field the form shows but the file never had
      } else if (JSON.stringify(value) !== JSON.stringify(old)) {
        found.push({ path: where, value: value });
      }
    });
    return found;
  }

  // Parts of a question group that are not answers: the question, why it is
  // asked, and the date that makes the group show on the site.
  var NOT_ANSWERS = ["ask", "why", "confirmed"];

  function valueAt(data, path) {
    return path.reduce(function (value, key) {
      return isRecord(value) ? value[key] : undefined;
    }, data);
  }

  // A group this save dates while some of its answers are empty would be saved
  // and never shown (the site shows a group only when all of it is filled in).
  // `fields` is the open-questions form (editor/admin/config.yml), for its labels.
  function unfinished(data, fields, touched, path, found) {
    (fields || []).forEach(function (field) {
      if (field.widget !== "object") {
        return;
      }
      var where = path.concat(field.name);
      var parts = field.fields || [];
      var isGroup = parts.some(function (part) { return part.name === "confirmed"; });
      if (!isGroup) {
        unfinished(data, parts, touched, where, found);
        return;
      }
      var group = valueAt(data, where) || {};
      var changedHere = touched.some(function (changed) {
        return where.every(function (key, index) { return changed[index] === key; });
      });
      if (!changedHere || isEmpty(group.confirmed)) {
        return;
      }
      var missing = parts.filter(function (part) {
        return NOT_ANSWERS.indexOf(part.name) === -1 && part.widget !== "object" && isEmpty(group[part.name]);
      });
      if (missing.length) {
        found.push("“" + field.label + "” has a date in “Confirmed by the practice on”, but " +
          missing.map(function (part) { return "“" + part.label + "”"; }).join(", ") +
          (missing.length === 1 ? " is" : " are") + " empty. Fill in every box of it, or clear the date until you can: " +
          "the site shows it only when all of it is filled in.");
      }
    });
    return found;
  }

  function format(YAML, questionsForm) {
    return {
      fromFile: function (content) {
        var data = YAML.parse(content) || {};
        data[ORIGINAL] = content;
        return data;
      },
      toFile: function (data) {
        var source = data[ORIGINAL] || "";
        var document = YAML.parseDocument(source);
        var found = changes(data, YAML.parse(source) || {}, [], []);
        if (found.length === 0) {
          return source;
        }
        var problems = unfinished(data, questionsForm, found.map(function (change) { return change.path; }), [], []);
        if (problems.length) {
          throw new Error(problems.join(" "));
        }
        found.forEach(function (change) {
          document.setIn(change.path, change.value);
        });
        return document.toString({ lineWidth: 0, flowCollectionPadding: false });
      },
    };
  }

  var api = { format: format };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else {
    root.KactFacts = api;
  }
})(this);
