/* Personal data in free text, as regiekaart check finds it.
   The rules are not written here: the build puts them in the form's data file
   (generator/persoonsgegevens.py, Detector.export), from phonenumbers, python-stdnum and
   deduce's name lists. This file applies them with the same steps as Detector.vind;
   tests/test_persoonsgegevens.py gives both the same corpus. */
(function () {
  "use strict";

  function mod97(s) { // the IBAN check: letters as numbers, the remainder by 97 (as stdnum's mod_97_10)
    var r = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i), d = c >= "A" && c <= "Z" ? String(c.charCodeAt(0) - 55) : c;
      for (var j = 0; j < d.length; j++) { r = (r * 10 + Number(d.charAt(j))) % 97; }
    }
    return r;
  }

  function bsnGeldig(text) { // stdnum.nl.bsn.is_valid: separators ' -.' out, nine digits, the elfproef
    var n = text.replace(/[ .-]/g, "").trim();
    while (n.length < 9) { n = "0" + n; }
    if (!/^[0-9]+$/.test(n) || Number(n) <= 0 || n.length !== 9) { return false; }
    var som = 0;
    for (var i = 0; i < 8; i++) { som += (9 - i) * Number(n.charAt(i)); }
    return ((som - Number(n.charAt(8))) % 11 + 11) % 11 === 0;
  }

  function cijfers(text) { // persoonsgegevens.cijfers
    var d = text.replace(/[^0-9]/g, "");
    if (/^\s*\+/.test(text) || d.indexOf("00") === 0) {
      d = d.indexOf("0031") === 0 ? d.slice(4) : d.indexOf("31") === 0 ? d.slice(2) : d;
    }
    return d.charAt(0) === "0" ? d.slice(1) : d;
  }

  function heel(patroon) { return new RegExp("^(?:" + patroon + ")$", "u"); }
  function norm(t) { return t.split(/\s+/).filter(Boolean).join(" ").toLowerCase(); }

  window.regiekaartPersoonsgegevens = function (data) {
    var regels = data.regels.map(function (r) { return { soort: r.soort, toets: r.toets, re: new RegExp(r.patroon, "gud") }; });
    var geldig = data.telefoon.geldig.map(heel), dienst = data.telefoon.dienst.map(heel);
    var voornamen = new Set(data.voornamen), achternamen = new Set(data.achternamen);
    var toegestaan = data.toegestaan, iban = data.iban;
    var DATUM = /^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}/;

    function toets(soort, m, text) { // Detector._toets: the length of what is personal data, else -1
      var g = m.slice(1);
      if (soort === "telefoon") {
        if (DATUM.test(text)) { return -1; }
        var nsn = cijfers(text);
        if (!geldig.some(function (p) { return p.test(nsn); }) || dienst.some(function (p) { return p.test(nsn); }) || toegestaan.nummers.indexOf(nsn) >= 0) { return -1; }
        return text.length;
      }
      if (soort === "email") {
        var adres = text.toLowerCase();
        return toegestaan.adressen.indexOf(adres) >= 0 || toegestaan.adressen.indexOf(adres.split("@")[0]) >= 0 ? -1 : text.length;
      }
      if (soort === "bsn") { return bsnGeldig(text) ? text.length : -1; }
      if (soort === "iban") {
        var structuur = iban[text.slice(0, 2)];
        if (structuur === undefined) { return -1; }
        var lengte = 4, delen = structuur.match(/\{(\d+)\}/g) || [];
        delen.forEach(function (d) { lengte += Number(d.slice(1, -1)); });
        var end = 0, count = 0;
        while (end < text.length && count < lengte) { if (text.charAt(end) !== " ") { count++; } end++; }
        if (count < lengte || (end < text.length && text.charAt(end) !== " ")) { return -1; }
        var compact = text.slice(0, end).replace(/[ .-]/g, "").toUpperCase();
        if (mod97(compact.slice(4) + compact.slice(0, 4)) !== 1 || !new RegExp("^" + structuur + "$").test(compact.slice(4))) { return -1; }
        return end;
      }
      if (soort === "postcode") { return /^(postbus|antwoordnummer)/.test(text.toLowerCase()) ? -1 : text.length; }
      if (soort === "aanhef") { return text.length; }
      if (soort === "initialen") { return (g[0].split(".").length - 1) >= 2 || g[1] || achternamen.has(g[2]) ? text.length : -1; }
      if (soort === "voornaam") { return voornamen.has(g[0]) && (g[1] || achternamen.has(g[2])) ? text.length : -1; }
      throw new Error(soort);
    }

    function vind(text) { // Detector.vind
      if (!text) { return []; }
      var found = [];
      regels.forEach(function (r) {
        r.re.lastIndex = 0;
        var m;
        while ((m = r.re.exec(text)) !== null) {
          var start = m.index, end = start + m[0].length;
          if (!m[0].length) { // a lookahead rule: its candidate is what its groups hold
            for (var i = 1; i < m.indices.length; i++) { if (m.indices[i]) { end = Math.max(end, m.indices[i][1]); } }
            r.re.lastIndex = start + 1;
          }
          var n = toets(r.toets, m, text.slice(start, end));
          if (n >= 0) { found.push({ start: start, eind: start + n, tekst: text.slice(start, start + n), soort: r.soort }); }
        }
      });
      found.sort(function (a, b) { return a.start - b.start || (b.eind - b.start) - (a.eind - a.start); });
      var out = [], tekst = norm(text);
      found.forEach(function (v) {
        if (out.length && v.start < out[out.length - 1].eind) { return; }
        var stuk = norm(v.tekst);
        if (toegestaan.teksten.some(function (t) { return t.indexOf(stuk) >= 0 && tekst.indexOf(t) >= 0; })) { return; }
        out.push(v);
      });
      return out;
    }

    return { vind: vind };
  };
}());
