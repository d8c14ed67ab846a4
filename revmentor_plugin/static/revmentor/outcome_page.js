/* The sponsor's outcome page: its one button opens the browser's print dialog (print or PDF). */
(function () {
  "use strict";
  var button = document.getElementById("rm-print");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
