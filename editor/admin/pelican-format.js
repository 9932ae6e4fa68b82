// Reads and writes our pages as Pelican does: header lines (`Title: ...`), one
// blank line, then the Markdown text. The browser editor uses these instead of
// YAML front matter, so the build needs no change and no page is migrated.
//
// Byte for byte: every header line keeps its place and its exact text unless
// its value was changed in the editor; fields the editor does not show
// (Save_as, Template, ...) are written back untouched; the text is kept as is.
//
// A plain script in the browser (window.KactFormats) and a module in Node, so
// tests/editor/test_editor_formats.py can round-trip every page without a browser.
(function (root) {
  "use strict";

  // Where a field the editor adds goes, relative to the others: the order of
  // the header's schema (plugins/kact_gate/schemas/page_header.schema.yml; a
  // test holds the two together). Unknown fields go last.
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

  // The FAQ: the same file, with its text shown as groups (each a `## ` heading,
  // such as "Safety and the medicine"), each holding its questions (`### `
  // headings; the form asks each to end in "?") and answers, so she edits one
  // answer in its own box.
  // The `## ` sections after the last question (such as "References", where
  // footnotes are defined) are the text after the questions, kept as one box;
  // new groups and questions go before it. The text before the first group, and
  // under a group's heading before its first question, has a box of its own.
  // The blank lines around each text, and each heading line as typed, are kept
  // by heading, so an untouched file comes back byte for byte.
  var HEADING = /^(###?)(?!#)(.*)$/;
  var FENCE = /^ {0,3}(```|~~~)/;
  var GROUP = "##";
  var LAYOUT = "_layout";

  // The `## ` and `### ` headings, as Markdown sees them: not inside a fenced
  // code block.
  function headingsOf(body) {
    var found = [];
    var fence = null;
    var start = 0;
    body.split("\n").forEach(function (line) {
      var opening = FENCE.exec(line);
      if (fence) {
        fence = opening && opening[1] === fence ? null : fence;
      } else if (opening) {
        fence = opening[1];
      } else {
        var match = HEADING.exec(line);
        if (match) {
          found.push({ level: match[1], title: match[2].trim(), line: line, start: start });
        }
      }
      start += line.length + 1;
    });
    return found;
  }

  // Where the text after the questions starts: the first `## ` heading after
  // the last question (the whole text, if there is no question).
  function outroStart(body, headings) {
    var lastQuestion = -1;
    headings.forEach(function (heading, number) {
      if (heading.level !== GROUP) {
        lastQuestion = number;
      }
    });
    var next = headings.slice(lastQuestion + 1).find(function (heading) {
      return heading.level === GROUP;
    });
    return next ? next.start : body.length;
  }

  function layoutKey(level, title, group) {
    return level === GROUP ? GROUP + " " + title : group + "\n" + title;
  }

  function faqFromFile(content) {
    var data = fromFile(content);
    var body = data.body;
    var headings = headingsOf(body);
    var outro = outroStart(body, headings);
    // A question above the first group stays in the text before the groups.
    var firstGroup = headings.findIndex(function (heading) {
      return heading.level === GROUP;
    });
    var inside = firstGroup === -1 ? [] : headings.slice(firstGroup).filter(function (heading) {
      return heading.start < outro;
    });
    data.intro = body.slice(0, inside.length ? inside[0].start : outro);
    data.outro = body.slice(outro);
    data[LAYOUT] = {};
    data.groups = [];
    inside.forEach(function (heading, number) {
      var end = number + 1 === inside.length ? outro : inside[number + 1].start;
      var lineEnd = heading.start + heading.line.length;
      var ended = lineEnd < end; // the heading line has its newline
      var rest = ended ? body.slice(lineEnd + 1, end) : "";
      var lead = /^\n*/.exec(rest)[0];
      var text = rest.slice(lead.length);
      var tail = /\n*$/.exec(text)[0];
      text = text.slice(0, text.length - tail.length);
      var group = data.groups[data.groups.length - 1];
      var key = layoutKey(heading.level, heading.title, group && group.group);
      data[LAYOUT][key] = {
        line: heading.line, lead: lead, tail: tail, empty: text === "",
        followed: end < body.length, ended: ended,
      };
      if (heading.level === GROUP) {
        data.groups.push({ group: heading.title, intro: text, questions: [] });
      } else {
        group.questions.push({ question: heading.title, answer: text });
      }
    });
    delete data.body;
    return data;
  }

  function faqToFile(data) {
    var layouts = data[LAYOUT] || {};
    var outro = String(data.outro || "");
    var sections = [];
    (data.groups || []).forEach(function (group) {
      var name = String(group.group || "").trim();
      sections.push({ level: GROUP, title: name, text: group.intro, key: layoutKey(GROUP, name) });
      (group.questions || []).forEach(function (item) {
        var question = String(item.question || "").trim();
        sections.push({ level: "###", title: question, text: item.answer, key: layoutKey("###", question, name) });
      });
    });
    var written = sections.map(function (section, number) {
      var text = String(section.text || "").replace(/^\n+/, "").replace(/\n+$/, "");
      var followed = number + 1 < sections.length || outro !== "";
      var kept = layouts[section.key];
      // A heading moved to or from the end, or a box emptied or filled, gets
      // the usual spacing: a blank line after the heading and before the next.
      if (kept && kept.followed === followed && kept.empty === (text === "")) {
        return kept.line + (kept.ended ? "\n" : "") + kept.lead + text + kept.tail;
      }
      var usual = text === "" ? "\n" + (followed ? "\n" : "") : "\n\n" + text + (followed ? "\n\n" : "\n");
      return section.level + " " + section.title + usual;
    });
    var intro = String(data.intro || "");
    // A heading must start its own line.
    if (intro !== "" && !/\n$/.test(intro) && (written.length || outro !== "")) {
      intro += "\n\n";
    }
    var copy = Object.assign({}, data, { body: intro + written.join("") + outro });
    delete copy.intro;
    delete copy.outro;
    delete copy.groups;
    delete copy[LAYOUT];
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
