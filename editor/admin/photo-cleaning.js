// A photo chosen in the editor is drawn again, in this browser, before the
// editor sees it: only its pixels are kept, so its GPS position, camera
// details (EXIF), XMP and comments never reach the
// repository, where a public repository would keep them forever. The site's
// picture pipeline (plugins/kact_images) strips the copies it publishes too,
// but the original is committed as it is uploaded: this is the only place
// that can keep the position out of the project's history.
//
// Decap (and Sveltia) read the file from the upload button's "change" event.
// This listener runs first (capture phase, on the document, above the
// editor's own root), swaps the chosen files for clean copies and sends the
// event again; the editor then uploads the copies exactly as it would have
// uploaded the originals. Loaded before the editor, in both modes.
(function () {
  // Twice the widest copy the site makes (1200 px, plugins/kact_images):
  // room to spare, without committing 12-megapixel originals.
  var LONGEST_SIDE = 2400;
  var JPEG_QUALITY = 0.9;
  // What the browser can draw and the site can publish; kept in its own kind.
  var KINDS = { "image/jpeg": "image/jpeg", "image/png": "image/png", "image/webp": "image/webp" };
  var cleaned = new WeakSet();

  function refused(file) {
    return new Error(
      "“" + file.name + "” was not added: only photos in JPEG, PNG or WebP can be added " +
      "(on a phone or in Photos, “Export” or “Save as JPEG” makes one)."
    );
  }

  function clean(file) {
    if (!(file.type in KINDS)) {
      return file.type.indexOf("image/") === 0 ? Promise.reject(refused(file)) : Promise.resolve(file);
    }
    // "from-image": a photo taken sideways is turned upright here, because the
    // orientation tag that said so is about to be dropped with the rest.
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
      // OffscreenCanvas encodes at once; a page canvas's toBlob waits for the
      // browser's idle time, which a busy or hidden tab may not give for long.
      var canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return canvas.convertToBlob({ type: KINDS[file.type], quality: JPEG_QUALITY }).then(function (blob) {
        return new File([blob], file.name, { type: blob.type, lastModified: Date.now() });
      });
    }, function () {
      throw refused(file);
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files.length) {
      return;
    }
    var files = Array.prototype.slice.call(input.files);
    if (files.every(function (file) { return cleaned.has(file); })) {
      return; // our own copies, sent on to the editor
    }
    event.stopImmediatePropagation();
    Promise.all(files.map(clean)).then(function (copies) {
      var chosen = new DataTransfer();
      copies.forEach(function (copy) {
        cleaned.add(copy);
        chosen.items.add(copy);
      });
      input.files = chosen.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }, function (error) {
      input.value = "";
      window.alert(error.message);
    });
  }, true);
})();
