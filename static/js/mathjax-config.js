// MathJax configuration, loaded before MathJax itself (served from our static files).
// Only elements marked by the Markdown renderer (class "arithmatex") are typeset, and the
// extensions that let TeX inject links, styles or further code are disabled.
window.MathJax = {
  loader: { load: ["ui/safe"] },
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: false,
    // \require could load any extension (html, unicode…) at a user's request.
    packages: { "[-]": ["require"] },
    // Never autoload the extensions whose macros set styles, classes, ids or fetch fonts.
    autoload: { html: [], unicode: [] },
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
};
