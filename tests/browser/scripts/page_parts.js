// The heights a reader scrolls past that are not the page's own text: the
// header (and anything above it, such as an urgent-help bar), the footer, and
// the notices inside <main> ([data-notice], or a [data-notice-group] that
// holds several), as a share of the whole page's height.
() => {
  const total = document.documentElement.scrollHeight;
  const box = el => el.getBoundingClientRect();
  const header = document.querySelector('header');
  const footer = document.querySelector('footer');
  const headerBottom = header ? box(header).bottom + scrollY : 0;
  const footerHeight = footer ? box(footer).height : 0;
  const notices = Array.from(document.querySelectorAll('main [data-notice], main [data-notice-group]'))
    .filter(el => !el.parentElement.closest('main [data-notice], main [data-notice-group]'));
  const noticeHeight = notices.reduce((sum, el) => sum + box(el).height, 0);
  return {
    total: Math.round(total),
    header: Math.round(headerBottom),
    footer: Math.round(footerHeight),
    notices: Math.round(noticeHeight),
    share: (headerBottom + footerHeight + noticeHeight) / total,
  };
}
