// Opschaalwijzer: tick the criteria that apply; the highest fase they point to is shown
// with who holds the regie there. Without JavaScript the page is a list of criteria per
// fase with the same information under each fase; this script only adds the checkboxes
// and the summary at the top, copied from that list (no data of its own).
(function () {
  "use strict";
  var form = document.getElementById("wijzer");
  var uitkomst = document.getElementById("wijzer-uitkomst");
  if (!form || !uitkomst) return;

  var uitleg = document.querySelector(".wijzer__js-uitleg");
  if (uitleg) uitleg.hidden = false;

  // Each criterion becomes a checkbox with the criterion as its label.
  form.querySelectorAll(".wijzer__criteria").forEach(function (lijst) {
    var naar = lijst.getAttribute("data-naar");
    lijst.querySelectorAll("li").forEach(function (item) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = naar;
      box.id = item.id + "-vink";
      var label = document.createElement("label");
      label.htmlFor = box.id;
      while (item.firstChild) label.appendChild(item.firstChild);
      item.appendChild(box);
      item.appendChild(label);
      item.classList.add("wijzer__keuze");
    });
  });

  var wis = document.createElement("button");
  wis.type = "reset";
  wis.className = "knop knop--licht";
  wis.textContent = "Alle vinkjes weghalen";
  wis.hidden = true;
  uitkomst.parentNode.insertBefore(wis, uitkomst.nextSibling);

  function sectie(fase) {
    return form.querySelector('.wijzer__fase[data-fase="' + fase + '"]');
  }

  function toon() {
    var hoogste = 1;
    var aantal = 0;
    form.querySelectorAll('input[type="checkbox"]').forEach(function (box) {
      if (box.checked) {
        aantal += 1;
        hoogste = Math.max(hoogste, Number(box.value));
      }
    });
    form.querySelectorAll(".wijzer__fase").forEach(function (s) {
      s.classList.toggle("wijzer__fase--gekozen", aantal > 0 && Number(s.getAttribute("data-fase")) === hoogste);
    });
    var doel = sectie(hoogste);
    uitkomst.textContent = "";
    var kop = document.createElement("p");
    kop.className = "wijzer__uitkomst-kop";
    var naam = doel ? doel.getAttribute("data-naam") : "";
    if (aantal === 0) {
      kop.textContent = "Nog niets aangevinkt: zolang geen criterium geldt, is dit fase 1, " + naam + ".";
    } else {
      kop.textContent = (aantal === 1 ? "Het aangevinkte criterium wijst" : "De " + aantal + " aangevinkte criteria wijzen") +
        " naar fase " + hoogste + ": " + naam + ".";
    }
    uitkomst.appendChild(kop);
    var regie = doel && doel.querySelector(".wijzer__gegevens");
    if (regie && aantal > 0) {
      var kopie = regie.cloneNode(true);
      kopie.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      uitkomst.appendChild(kopie);
      var naar = document.createElement("a");
      naar.href = "#fase-" + hoogste;
      naar.textContent = "Naar fase " + hoogste + " in de lijst";
      var p = document.createElement("p");
      p.appendChild(naar);
      uitkomst.appendChild(p);
    }
    wis.hidden = aantal === 0;
  }

  form.addEventListener("change", toon);
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      toon();
      var eerste = form.querySelector('input[type="checkbox"]');
      if (eerste) eerste.focus(); // the button is gone: keep the keyboard in the list
    }, 0);
  });
  uitkomst.hidden = false;
  toon();
})();
