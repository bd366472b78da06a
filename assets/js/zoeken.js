// Search page: Pagefind's index, loaded from this site only. Opened from disk the
// browser refuses to load it, so the page says so and points to the other pages.
//
// Every hit is loaded (the site has at most a few hundred pages), so that the page can
// say the true number, show all of them 20 at a time, leave out pages that only hold a
// shorter word inside the one searched for ("huis" for "huisverbod"), narrow them by kind
// and region, and put the pages of the region the search came from before other regions'.
(function () {
  "use strict";

  var form = document.querySelector("form.zoeken");
  if (!form) return;
  var input = document.getElementById("zoekterm");
  var soortKeuze = document.getElementById("zoeksoort");
  var regioKeuze = document.getElementById("zoekregio");
  var status = document.getElementById("zoekstatus");
  var list = document.getElementById("zoekresultaten");
  var meer = document.getElementById("zoekmeer");
  var params = new URLSearchParams(window.location.search);
  var term = params.get("q") || "";
  var vanRegio = params.get("regio") || ""; // the region of the page the search came from
  var PER_KEER = 20;
  input.value = term;
  kies(soortKeuze, params.get("soort"));
  kies(regioKeuze, params.get("in"));

  function kies(select, value) {
    if (select && value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
  }

  if (window.location.protocol === "file:") {
    document.getElementById("vanaf-schijf").hidden = false;
    form.querySelectorAll("button, input, select").forEach(function (el) { el.disabled = true; });
    return;
  }

  var pagefind = null;
  // The index comes in bundles (folders of pagefind/): the first one's script loads, the others merge in.
  var indexRoot = new URL(form.getAttribute("data-zoekindex"), window.location.href);
  var bundles = form.getAttribute("data-bundels").split(" ").map(function (name) { return new URL(name + "/", indexRoot).href; });
  var siteRoot = new URL(form.getAttribute("data-site"), window.location.href).pathname.replace(/index\.html$/, "");
  var laatste = 0;
  var gevonden = []; // every hit of the last search, ranked
  var gezocht = "";
  var getoond = 0;

  function laad() {
    if (!pagefind) {
      pagefind = import(bundles[0] + "pagefind.js").then(function (pf) {
        // Result addresses relative to wherever the site is published.
        return pf.options({ baseUrl: siteRoot }).then(function () {
          return bundles.slice(1).reduce(function (done, bundle) {
            return done.then(function () { return pf.mergeIndex(bundle, { baseUrl: siteRoot }); });
          }, Promise.resolve());
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function gewoon(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Pagefind also finds a page by a shorter word inside the searched one when nothing has
  // the whole word. A hit counts when its text holds each searched word, allowing for a
  // different ending (zorgmijding, zorgmijdend).
  function heeftWoorden(result, woorden) {
    var tekst = gewoon(result.content || "") + " " + gewoon(result.meta.title || "");
    return woorden.every(function (w) {
      var stam = w.length <= 5 ? w : w.slice(0, Math.max(5, w.length - 3));
      return tekst.indexOf(stam) >= 0;
    });
  }

  // Pagefind's excerpts are the indexed text, escaped, with <mark> around the hits.
  function fragment(excerpt) {
    var p = element("p", "zoekresultaat__uittreksel");
    var parts = excerpt.split(/(<mark>|<\/mark>)/);
    var inMark = false;
    parts.forEach(function (part) {
      if (part === "<mark>") { inMark = true; return; }
      if (part === "</mark>") { inMark = false; return; }
      var text = document.createElement("textarea");
      text.innerHTML = part; // decode entities without interpreting markup
      var node = document.createTextNode(text.value);
      if (inMark) { var m = document.createElement("mark"); m.appendChild(node); p.appendChild(m); }
      else p.appendChild(node);
    });
    return p;
  }

  function resultaat(r) {
    var li = element("li", "zoekresultaat");
    var kop = element("h2", "zoekresultaat__kop");
    var a = element("a", null, r.meta.title || r.url);
    a.href = r.url;
    kop.appendChild(a);
    li.appendChild(kop);
    // The kind of page, and its region (unless the kind says it, or it is the region's own page).
    var eigen = r.meta.regio && (r.meta.soort || "").indexOf(r.meta.regio) < 0 && r.meta.title !== "Regio " + r.meta.regio;
    var soort = [r.meta.soort, eigen ? "regio " + r.meta.regio : ""].filter(Boolean).join(" \u00b7 ");
    if (soort) li.appendChild(element("p", "zoekresultaat__soort", soort));
    li.appendChild(fragment(r.excerpt));
    var secties = (r.sub_results || []).filter(function (s) { return s.url !== r.url && s.title !== r.meta.title; }).slice(0, 3);
    if (secties.length) {
      var ul = element("ul", "zoekresultaat__secties");
      secties.forEach(function (s) {
        var sli = element("li");
        var sa = element("a", null, s.title + " (" + (r.meta.title || "") + ")");
        sa.href = s.url;
        sli.appendChild(sa);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function gekozen() {
    var soort = soortKeuze ? soortKeuze.value : "";
    var regio = regioKeuze ? regioKeuze.value : "";
    // A region: its own pages and what holds in every region (pages without a region).
    return gevonden.filter(function (r) {
      return (!soort || r.meta.groep === soort) && (!regio || !r.meta.regio || r.meta.regio === regio);
    });
  }

  // ``van``: add the results from there on (and move the focus to the first of them);
  // null: show the list anew.
  function toon(van) {
    var lijst = gekozen();
    getoond = Math.min(lijst.length, Math.max(getoond, PER_KEER));
    if (van === null) list.textContent = "";
    var vanaf = van === null ? 0 : van;
    lijst.slice(vanaf, getoond).forEach(function (r) { list.appendChild(resultaat(r)); });
    var n = lijst.length;
    var gefilterd = n !== gevonden.length;
    var tekst;
    if (n === 0) {
      tekst = gefilterd
        ? "Niets gevonden voor \u2018" + gezocht + "\u2019 met deze keuze; zonder keuze zijn er " + gevonden.length + "."
        : "Niets gevonden voor \u2018" + gezocht + "\u2019. Probeer een ander of korter woord.";
    } else {
      tekst = n + (n === 1 ? " resultaat" : " resultaten") + " voor \u2018" + gezocht + "\u2019" +
        (gefilterd ? " met deze keuze (zonder keuze " + gevonden.length + ")" : "") + "." +
        (n > getoond ? " U ziet er " + getoond + "." : "");
    }
    status.textContent = tekst;
    meer.hidden = getoond >= n;
    meer.textContent = "Toon meer resultaten (nog " + (n - getoond) + ")";
    if (van !== null && list.children[van]) list.children[van].querySelector("a").focus();
  }

  function zoek(woord) {
    gezocht = woord.trim();
    var nummer = ++laatste;
    getoond = 0;
    if (!gezocht) { gevonden = []; list.textContent = ""; status.textContent = ""; meer.hidden = true; return; }
    status.textContent = "Zoeken\u2026";
    var woorden = gewoon(gezocht).split(/\s+/).filter(Boolean);
    laad().then(function (pf) {
      return pf.search(gezocht);
    }).then(function (search) {
      return Promise.all(search.results.map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (nummer !== laatste) return;
      var echt = results.filter(function (r) { return heeftWoorden(r, woorden); });
      // The pages of the region the search came from before those of other regions;
      // otherwise Pagefind's order (a stable sort keeps it).
      gevonden = echt.map(function (r, i) { return [vanRegio && r.meta.regio && r.meta.regio !== vanRegio ? 1 : 0, i, r]; })
        .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .map(function (x) { return x[2]; });
      toon(null);
    }).catch(function () {
      if (nummer === laatste) status.textContent = "Zoeken lukt nu niet: de zoekindex van de site is niet te laden. Probeer het later opnieuw of meld het bij de beheerder van de site.";
    });
  }

  function bewaar() {
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    [["soort", soortKeuze], ["in", regioKeuze]].forEach(function (p) {
      if (p[1] && p[1].value) url.searchParams.set(p[0], p[1].value); else url.searchParams.delete(p[0]);
    });
    window.history.replaceState(null, "", url.href);
  }

  var wacht = null;
  input.addEventListener("input", function () {
    clearTimeout(wacht);
    wacht = setTimeout(function () { zoek(input.value); }, 250);
  });
  [soortKeuze, regioKeuze].forEach(function (select) {
    if (!select) return;
    select.addEventListener("change", function () {
      bewaar();
      getoond = 0;
      if (gezocht) toon(null);
    });
  });
  meer.addEventListener("click", function () {
    var van = getoond;
    getoond += PER_KEER;
    toon(van);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    bewaar();
    zoek(input.value);
  });
  if (term) zoek(term);
})();
