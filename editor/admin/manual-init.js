// Decap starts only when kact-cms.js has added our formats and the preview style.
window.CMS_MANUAL_INIT = true;
