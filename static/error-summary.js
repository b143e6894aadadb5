// The error summary of a refused form: focus it when the page opens, so a screen reader reads
// it first; a link in it moves the focus into the field it names (a plain fragment link only
// scrolls, leaving the focus behind).
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) { return; }
    event.preventDefault();
    var details = field.closest("details");
    if (details) { details.open = true; }
    field.scrollIntoView({block: "center"});
    field.focus();
  });
})();
