// Knapsack ballot: show the running total as boxes are ticked. Without JavaScript the
// "Recalculer le total" button asks the server for the same figure.
(function () {
  "use strict";
  var form = document.querySelector("form.ballot[data-ballot-kind=knapsack]");
  if (!form) { return; }
  var box = form.querySelector(".ballot-total");
  var total = box && box.querySelector("[data-total]");
  var over = box && box.querySelector("[data-over]");
  if (!total) { return; }
  var budget = Number(box.getAttribute("data-budget"));
  var euros = new Intl.NumberFormat("fr-FR", {
    style: "currency", currency: "EUR", minimumFractionDigits: 0, maximumFractionDigits: 2
  });
  function update() {
    var sum = 0;
    form.querySelectorAll("input[name=choice]:checked").forEach(function (input) {
      sum += Number(input.getAttribute("data-cost"));
    });
    total.textContent = euros.format(sum);
    if (over) { over.hidden = !(sum > budget); }
  }
  form.addEventListener("change", update);
  update();
})();
