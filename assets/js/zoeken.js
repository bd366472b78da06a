// Search page: Pagefind's index, loaded from this site only. Opened from disk the
// browser refuses to load it, so the page says so and points to the other pages.
(function () {
  "use strict";

  var form = document.querySelector("form.zoeken");
  if (!form) return;
  var input = document.getElementById("zoekterm");
  var status = document.getElementById("zoekstatus");
  var list = document.getElementById("zoekresultaten");
  var term = new URLSearchParams(window.location.search).get("q") || "";
  input.value = term;

  if (window.location.protocol === "file:") {
    document.getElementById("vanaf-schijf").hidden = false;
    form.querySelector("button").disabled = true;
    input.disabled = true;
    return;
  }

  var pagefind = null;
  // The index comes in bundles (folders of pagefind/): the first one's script loads, the others merge in.
  var indexRoot = new URL(form.getAttribute("data-zoekindex"), window.location.href);
  var bundles = form.getAttribute("data-bundels").split(" ").map(function (name) { return new URL(name + "/", indexRoot).href; });
  var siteRoot = new URL(form.getAttribute("data-site"), window.location.href).pathname.replace(/index\.html$/, "");
  var laatste = 0;

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

  function toon(results, gezocht) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = element("li", "zoekresultaat");
      var kop = element("h2", "zoekresultaat__kop");
      var a = element("a", null, r.meta.title || r.url);
      a.href = r.url;
      kop.appendChild(a);
      li.appendChild(kop);
      var soort = r.meta.soort;
      if (soort) li.appendChild(element("p", "zoekresultaat__soort", soort));
      li.appendChild(fragment(r.excerpt));
      var secties = (r.sub_results || []).filter(function (s) { return s.url !== r.url && s.title !== r.meta.title; }).slice(0, 3);
      if (secties.length) {
        var ul = element("ul", "zoekresultaat__secties");
        secties.forEach(function (s) {
          var sli = element("li");
          var sa = element("a", null, s.title);
          sa.href = s.url;
          sli.appendChild(sa);
          ul.appendChild(sli);
        });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
    var n = results.length;
    status.textContent = n === 0
      ? "Niets gevonden voor \u2018" + gezocht + "\u2019. Probeer een ander of korter woord."
      : n + (n === 1 ? " resultaat" : " resultaten") + " voor \u2018" + gezocht + "\u2019.";
  }

  function zoek(gezocht) {
    gezocht = gezocht.trim();
    var nummer = ++laatste;
    if (!gezocht) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = "Zoeken\u2026";
    laad().then(function (pf) {
      return pf.search(gezocht);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (nummer === laatste) toon(results, gezocht);
    }).catch(function () {
      if (nummer === laatste) status.textContent = "Zoeken lukt nu niet: de zoekindex van de site is niet te laden. Probeer het later opnieuw of meld het bij de beheerder van de site.";
    });
  }

  var wacht = null;
  input.addEventListener("input", function () {
    clearTimeout(wacht);
    wacht = setTimeout(function () { zoek(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    window.history.replaceState(null, "", url.href);
    zoek(input.value);
  });
  if (term) zoek(term);
})();
