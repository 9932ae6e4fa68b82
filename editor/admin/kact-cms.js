// Starts the browser editor with our formats and the site's own look in its
// preview pane. Served by `make edit` (tooling/editor/editor.py), and in the online mode
// copied into the public site after its checks (tooling/editor/editor_online.py).
import * as YAML from "./yaml/index.js";
import { registerInsertWidget } from "./insert-choices.js";
import { registerReviewedRequired, registerReviewedWidget } from "./reviewed-required.js";

(function () {
  CMS.registerCustomFormat("pelican", "md", KactFormats.pelican);
  CMS.registerCustomFormat("pelican-faq", "md", KactFormats.pelicanFaq);

  // A photo is written as Pelican wants it, ![words]({static}/images/name.jpg)
  // (config.yml's public_folder), an address the browser cannot open from
  // /admin/ (it asked for admin/{static}/images/... and got 404). The preview
  // shows the file itself instead: Decap's getAsset reads it from media_folder
  // through the backend, the photo just uploaded included. Until it has, the
  // picture has no address, so nothing is asked for in vain.
  // A file name only: not {static}/images/{{ therapist.photo.file }}, a fact.
  var STATIC_IMAGE = /\{static\}\/images\/[\w.-]+(?![\w.{-])/g;

  function withPhotos(props, value) {
    return value.replace(STATIC_IMAGE, function (path) {
      var address = String(props.getAsset(path) || "");
      return address.indexOf("{static}") === -1 ? address : ""; // not found: Decap falls back to the path
    });
  }

  function markdown(props, value) {
    return h(CMS.getWidget("markdown").preview, {
      value: withPhotos(props, value || ""),
      getAsset: props.getAsset,
      resolveWidget: function () {
        return null;
      },
    });
  }

  // Near enough to the real page to judge the words; the live preview tab
  // (http://127.0.0.1:8000/) shows the page exactly, facts and notices included.
  var PagePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      return h("main", { className: "app-main" },
        h("h1", {}, data.get("Title")),
        h("p", {}, h("em", {}, data.get("Summary"))),
        markdown(this.props, data.get("body")));
    },
  });

  var FaqPreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var groups = (data.get("groups") || []).map(function (group) {
        var questions = (group.get("questions") || []).map(function (item) {
          return "### " + (item.get("question") || "") + "\n\n" + (item.get("answer") || "");
        });
        return ["## " + (group.get("group") || ""), group.get("intro") || ""].concat(questions.toArray()).join("\n\n");
      });
      return h("main", { className: "app-main" },
        h("h1", {}, data.get("Title")),
        markdown(this.props, [data.get("intro") || ""].concat(groups.toArray()).join("\n\n")));
    },
  });

  CMS.registerPreviewTemplate("pages", PagePreview);
  CMS.registerPreviewTemplate("faq", FaqPreview);

  function text(response) {
    return response.text();
  }

  // The site's stylesheet has a content hash in its name: read it off the home page.
  var home = fetch("/")
    .then(text)
    .then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var stylesheet = page.querySelector('link[rel="stylesheet"]');
      if (stylesheet) {
        CMS.registerPreviewStyle(new URL(stylesheet.getAttribute("href"), location.origin + "/").pathname);
      }
      return page;
    });

  // The practice's name, as the site's header shows it (data/practice.yml).
  function practiceName(homePage) {
    var owner = homePage && homePage.querySelector(".app-header__owner");
    return owner ? owner.textContent.split("·")[0].trim() : "";
  }

  // The sign-in screen shows the practice's name where Decap shows its own logo:
  // Decap draws `logo.src` as a picture, so the name is drawn as one.
  function nameAsPicture(name) {
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60" viewBox="0 0 300 60">' +
      '<text x="150" y="38" text-anchor="middle" font-family="system-ui, sans-serif" font-size="24" ' +
      'font-weight="600" fill="#0b0c0c"></text></svg>';
    var picture = new DOMParser().parseFromString(svg, "image/svg+xml");
    picture.querySelector("text").textContent = name;
    return "data:image/svg+xml," + encodeURIComponent(new XMLSerializer().serializeToString(picture));
  }

  // Decap gives its logo the words "Logo", which a screen reader would read out
  // instead of the name: give the picture the name as its words, whenever Decap draws it.
  function nameThePicture(src, name) {
    new MutationObserver(function () {
      document.querySelectorAll("img").forEach(function (img) {
        if (img.getAttribute("src") === src && img.alt !== name) img.alt = name;
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  // Our words in Decap's messages. "Publish" says what it does: online it
  // saves, checks and publishes (the workflow does the last two), as Decap's
  // own words say; with `make edit` it only saves the file on this computer.
  // A box that refuses what she typed says only our message (config.yml's
  // `pattern`), not "didn't match the pattern: ...". A saved entry's button
  // said "Published" online the moment it was saved, minutes before the checks
  // pass; Decap reads its words once, when it starts (bootstrap.js's
  // getPhrases), so the button cannot follow the checks: it says "Saved", true
  // at once, and the status panel (publish-status.js) says whether it is live.
  function ourWords(settings) {
    var phrases = JSON.parse(JSON.stringify(CMS.getLocale("en")));
    var toolbar = phrases.editor.editorToolbar;
    phrases.editor.editorControlPane.widget.regexPattern = "%{pattern}";
    phrases.ui.toast.onFailToPersist = "Not saved: %{details}";
    toolbar.published = "Saved";
    if (settings.local_backend) {
      toolbar.publish = "Save on this computer";
      toolbar.publishNow = "Save now";
      toolbar.publishing = "Saving…";
    }
    CMS.registerLocale("en", phrases);
  }

  // The open-questions form, so the facts format can name a dated but unfinished
  // question by the form's own labels (facts-format.js).
  var settings = fetch("config.yml")
    .then(text)
    .then(function (source) {
      return YAML.parse(source, { maxAliasCount: -1, merge: true }); // as Decap reads it (parseConfig)
    });
  var facts = settings
    .then(function (settings) {
      ourWords(settings);
      var questions = (settings.collections || []).filter(function (collection) {
        return collection.name === "questions";
      })[0];
      return questions ? questions.files[0].fields : [];
    })
    .catch(function () {
      return [];
    })
    .then(function (form) {
      CMS.registerCustomFormat("kact-facts", "yml", KactFacts.format(YAML, form));
    });

  // Which pages need "Reviewed on": the build's rule (reviewed-required.js).
  var healthRules = fetch("health-pages.json").then(function (response) {
    return response.json();
  });

  Promise.allSettled([home, settings, facts, healthRules]).then(function (done) {
    var name = practiceName(done[0].value);
    if (name) document.title = "Edit the site of " + name;
    registerInsertWidget(done[1].value || {}, done[0].value || null);
    registerReviewedWidget(done[3].value || null);
    if (done[3].value) {
      registerReviewedRequired(done[3].value, done[1].value || {});
    } else {
      console.warn("health-pages.json could not be read, so the form does not ask for “Reviewed on”; the build still does.");
    }
    if (done[1].value && name) {
      // Decap merges a config given here into config.yml only when the file is
      // served as YAML, and else silently drops the file: hand it the settings
      // already read, so its reading and ours are one.
      var picture = nameAsPicture(name);
      nameThePicture(picture, name);
      CMS.init({ config: Object.assign({}, done[1].value, { load_config_file: false, logo: { src: picture } }) });
    } else {
      CMS.init();
    }
  });
})();
