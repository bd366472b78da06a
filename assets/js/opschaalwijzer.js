// Opschaalwijzer: tick the criteria that apply; the page says which fase they point to,
// with who holds the regie there. A ticked criterion is a signal to talk about, not a
// verdict. Without JavaScript the page is a list of criteria per fase with the same
// information under each fase; this script only adds the checkboxes, the summary at the
// top (copied from that list: no data of its own), and printing or copying that summary
// for the case file, without the names and numbers of persons (data-persoonlijk).
(function () {
  "use strict";
  var wijzer = document.getElementById("wijzer");
  var uitkomst = document.getElementById("wijzer-uitkomst");
  if (!wijzer || !uitkomst) return;
  var gemeente = wijzer.getAttribute("data-gemeente") || "";

  var uitleg = document.querySelector(".wijzer__js-uitleg");
  if (uitleg) uitleg.hidden = false;

  // Each criterion becomes a checkbox with the criterion as its label.
  wijzer.querySelectorAll(".wijzer__criteria").forEach(function (lijst) {
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

  function knop(tekst, licht) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = licht ? "knop knop--licht" : "knop";
    b.textContent = tekst;
    return b;
  }

  function vinkjes() {
    return Array.prototype.slice.call(wijzer.querySelectorAll('input[type="checkbox"]'));
  }

  function sectie(fase) {
    return wijzer.querySelector('.wijzer__fase[data-fase="' + fase + '"]');
  }

  // The text of an element as it reads, without what names a person.
  function tekstVan(el) {
    var kopie = el.cloneNode(true);
    kopie.querySelectorAll("[data-persoonlijk], .label, .visueel-verborgen").forEach(function (x) { x.remove(); });
    return kopie.textContent.replace(/\s+/g, " ").trim();
  }

  var stand = { aantal: 0, hoogste: 1, fasen: [], criteria: [] };

  // The summary as plain text, for the case file.
  function alsTekst() {
    var regels = ["Opschaalwijzer " + gemeente];
    if (stand.aantal === 0) {
      regels.push("Niets aangevinkt: zolang geen criterium speelt, is dit fase 1.");
      return regels.join("\n");
    }
    regels.push("", "Aangevinkt:");
    stand.criteria.forEach(function (c) { regels.push("- " + c); });
    var doel = sectie(stand.hoogste);
    regels.push("", "Wijst naar fase " + stand.hoogste + ": " + doel.getAttribute("data-naam") + ".");
    regels.push("Dit is een signaal, geen oordeel: overleg met de casusregisseur. Advies of consult vragen kan altijd.");
    doel.querySelectorAll(".wijzer__gegevens > div").forEach(function (rij) {
      var dt = rij.querySelector("dt"), dd = rij.querySelector("dd");
      var items = dd.querySelectorAll("li");
      if (items.length) {
        regels.push(tekstVan(dt) + ":");
        items.forEach(function (li) { regels.push("- " + tekstVan(li).replace(/^Contact: /, "")); });
      } else {
        regels.push(tekstVan(dt) + ": " + tekstVan(dd));
      }
    });
    return regels.join("\n");
  }

  var acties = document.createElement("div");
  acties.className = "wijzer__acties";
  var afdrukken = knop("Afdrukken", true);
  var kopieren = knop("Kopi\u00ebren", true);
  var wis = knop("Alle vinkjes weghalen", true);
  var gekopieerd = document.createElement("p");
  gekopieerd.className = "wijzer__gekopieerd";
  gekopieerd.setAttribute("role", "status");
  [afdrukken, kopieren, wis, gekopieerd].forEach(function (el) { acties.appendChild(el); });
  uitkomst.parentNode.insertBefore(acties, uitkomst.nextSibling);

  function toon() {
    var hoogste = 1, aantal = 0, fasen = {}, criteria = [];
    vinkjes().forEach(function (box) {
      if (box.checked) {
        aantal += 1;
        hoogste = Math.max(hoogste, Number(box.value));
        fasen[box.value] = true;
        criteria.push(tekstVan(box.parentNode.querySelector("label")) + " (fase " + box.value + ")");
      }
    });
    stand = { aantal: aantal, hoogste: hoogste, fasen: Object.keys(fasen).sort(), criteria: criteria };
    wijzer.querySelectorAll(".wijzer__fase").forEach(function (s) {
      s.classList.toggle("wijzer__fase--gekozen", aantal > 0 && Number(s.getAttribute("data-fase")) === hoogste);
    });
    var doel = sectie(hoogste);
    var naam = doel ? doel.getAttribute("data-naam") : "";
    uitkomst.textContent = "";
    var kop = document.createElement("p");
    kop.className = "wijzer__uitkomst-kop";
    if (aantal === 0) {
      kop.textContent = "Nog niets aangevinkt: zolang geen criterium speelt, is dit fase 1, " + naam + ".";
    } else if (stand.fasen.length > 1) {
      kop.textContent = "De " + aantal + " aangevinkte criteria wijzen naar fase " + stand.fasen.join(" en ") + "; de hoogste is fase " + hoogste + ": " + naam + ".";
    } else {
      kop.textContent = (aantal === 1 ? "Het aangevinkte criterium wijst" : "De " + aantal + " aangevinkte criteria wijzen") + " naar fase " + hoogste + ": " + naam + ".";
    }
    uitkomst.appendChild(kop);
    if (aantal > 0) {
      var signaal = document.createElement("p");
      signaal.textContent = "Dit is een signaal, geen oordeel. " + (aantal === 1 ? "Eén criterium is een reden" : "De criteria zijn een reden") +
        " om met de casusregisseur te overleggen in welke fase de situatie zit. Advies of consult vragen kan altijd.";
      uitkomst.appendChild(signaal);
      // on paper (Afdrukken) the ticked criteria go with it; on screen they are ticked in the list
      var aangevinkt = document.createElement("div");
      aangevinkt.className = "wijzer__aangevinkt";
      var titel = document.createElement("p");
      titel.textContent = "Aangevinkt:";
      var lijst = document.createElement("ul");
      criteria.forEach(function (c) { var li = document.createElement("li"); li.textContent = c; lijst.appendChild(li); });
      aangevinkt.appendChild(titel);
      aangevinkt.appendChild(lijst);
      uitkomst.appendChild(aangevinkt);
    }
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
    acties.hidden = aantal === 0;
    gekopieerd.textContent = "";
  }

  function kopieerTekst(tekst) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(tekst);
    // Over plain http (an intranet) the browser offers no clipboard API: copy a selection.
    return new Promise(function (resolve, reject) {
      var veld = document.createElement("textarea");
      veld.value = tekst;
      veld.setAttribute("readonly", "");
      veld.className = "visueel-verborgen";
      document.body.appendChild(veld);
      veld.select();
      var gelukt = false;
      try { gelukt = document.execCommand("copy"); } catch (e) { gelukt = false; }
      document.body.removeChild(veld);
      if (gelukt) resolve(); else reject(new Error("kopiëren"));
    });
  }

  wijzer.addEventListener("change", toon);
  wis.addEventListener("click", function () {
    vinkjes().forEach(function (box) { box.checked = false; });
    toon();
    var eerste = vinkjes()[0];
    if (eerste) eerste.focus(); // the button is gone: keep the keyboard in the list
  });
  afdrukken.addEventListener("click", function () {
    document.body.classList.add("wijzer-afdruk");
    window.print();
  });
  window.addEventListener("afterprint", function () { document.body.classList.remove("wijzer-afdruk"); });
  kopieren.addEventListener("click", function () {
    kopieerTekst(alsTekst()).then(function () {
      gekopieerd.textContent = "Gekopieerd. Plak de uitkomst in het dossier.";
    }, function () {
      gekopieerd.textContent = "Kopiëren lukt niet in deze browser. Kies Afdrukken, of selecteer de uitkomst en kopieer die zelf.";
    });
  });
  uitkomst.hidden = false;
  toon();
})();
