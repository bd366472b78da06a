/* The invulformulier (templates/invullen.html): live checks, a preview of the printed
   card, and the gemeente file to download or copy.

   Everything it knows of the card comes from the build: invullen/gegevens.js sets
   window.REGIEKAART_INVULLEN (generator/formulier.py: the fields, the texts of the
   checks of `regiekaart check`, the font metrics of the card-fit estimate, each region's
   values, the layout of `regiekaart new`), and the page holds the gemeente's own layer
   (the form's data-eigen-laag). No framework, no request, no eval. */
(function () {
  "use strict";
  var G = window.REGIEKAART_INVULLEN;
  var form = document.getElementById("invulformulier");
  if (!G || !form) { return; }
  var eigen = JSON.parse(form.getAttribute("data-eigen-laag"));
  var nieuw = !form.getAttribute("data-gemeente");
  var PT = 25.4 / 72;
  var P1 = new RegExp(G.plaatshouder[0], "i");
  var P2 = new RegExp(G.plaatshouder[1]);
  var detector = null;  // assets/js/persoonsgegevens.js; a browser without its patterns (lookbehind) still has the form
  try { detector = window.regiekaartPersoonsgegevens(G.persoonsgegevens); } catch (e) { detector = null; }
  var teller = { rol: form.querySelectorAll("[data-rol]").length, tafel: form.querySelectorAll("[data-tafel]").length };
  var overzichtGetoond = false;
  var aangeraakt = {};  // field id -> true, once she has typed in or chosen for it

  function $(id) { return document.getElementById(id); }
  function melding(naam, v) {
    return G.meldingen[naam].replace(/\{(\w+)\}/g, function (m, k) { return v && k in v ? String(v[k]) : m; });
  }
  function hoofdletter(t) { return t.charAt(0).toUpperCase() + t.slice(1); }
  function isPlaatshouder(t) { t = t.trim(); return P1.test(t) || P2.test(t); }
  function ingevuld(t) { return !!(t && t.trim()) && !isPlaatshouder(t); }
  function waarde(id) { var el = $(id); return el ? el.value : ""; }
  function regio() { return G.regios[nieuw ? $("regio").value : eigen.regio] || { naam: "", fasen: [], tafels: [] }; }
  function gekozen(name) { var el = form.querySelector("input[name='" + name + "']:checked"); return el ? el.value : ""; }
  function naam() { return nieuw ? waarde("naam").trim() : eigen.naam; }
  function regels(t) { return t.split("\n").map(function (r) { return r.trim(); }).filter(Boolean); }

  /* --- the card as the form now has it ------------------------------------------ */

  function kaart() {
    var r = regio();
    var eigenFasen = eigen.fasen || {};
    return r.fasen.map(function (f) {
      var ef = eigenFasen[String(f.nummer)] || {};
      var cellen = G.velden.map(function (v) {
        var id = "f" + f.nummer + "-" + v.sleutel;
        var onder = f.cellen[v.sleutel];
        var heeftOnder = !!onder.tekst;
        var zelf = !heeftOnder || gekozen(id + "-keuze") === "eigen";
        var tekst = waarde(id);
        var status = zelf ? (ingevuld(tekst) ? "lokaal" : "ontbreekt") : (ingevuld(onder.tekst) ? onder.status : "ontbreekt");
        var kaartTekst = G.cel_tekst[status] || (zelf ? tekst.trim() : onder.tekst);
        return { veld: v, id: id, onder: onder, heeftOnder: heeftOnder, zelf: zelf, tekst: tekst, status: status, kaartTekst: kaartTekst };
      });
      return { nummer: f.nummer, naam: ef.naam ? String(ef.naam).trim() : f.naam, omschrijving: ef.omschrijving ? String(ef.omschrijving).trim() : f.omschrijving, cellen: cellen };
    });
  }

  /* --- the card-fit estimate: drukwerk._meet, with the metrics of the build ------- */

  function breedte(m, t, size) {
    var units = 0;
    for (var ch of t) { var w = m.breedtes[String(ch.codePointAt(0))]; units += w === undefined ? m.fallback : w; }
    return units / m.upm * size * PT;
  }
  function aantalRegels(t, br, m, size, extra) {
    var space = breedte(m, " ", size), lines = 1, used = 0;
    var items = t.split(/\s+/).filter(Boolean).map(function (w) { return breedte(m, w, size); });
    if (extra) { items.push(extra); }
    items.forEach(function (w) {
      if (used && used + space + w > br) { lines += 1; used = 0; }
      if (used) { used += space; }
      while (w > br) { lines += 1; w -= br; }
      used += w;
    });
    return lines;
  }
  function meet(fasen, maat) {
    var reg = G.metriek.regular, bold = G.metriek.bold;
    var inner = maat.kolom_fase - 2 * maat.pad_h - maat.rand;
    var innerRol = maat.kolom_rol - 2 * maat.pad_h - maat.rand;
    var label = Math.max.apply(null, Object.keys(G.merken).map(function (k) { return breedte(bold, G.merken[k].tekst, maat.label); })) + 2 * 0.35 * maat.label * PT;
    function hoogte(n, size) { return n * size * maat.regel * PT; }
    function rij(extra) { return extra + 2 * maat.pad_v + maat.rand; }
    var kop = Math.max.apply(null, fasen.map(function (f) { return hoogte(1, maat.fase_nummer) + hoogte(aantalRegels(f.naam, inner, bold, maat.fase_naam), maat.fase_naam); }));
    var totaal = rij(kop) + maat.fase_rand;
    var hoogste = { h: 0, wat: "", id: "", n: 0 };
    var rh = hoogte(aantalRegels(G.kenmerk_rij, innerRol, bold, maat.rij_kop), maat.rij_kop);
    fasen.forEach(function (f) {
      var n = aantalRegels(f.omschrijving, inner, reg, maat.omschrijving), h = hoogte(n, maat.omschrijving);
      rh = Math.max(rh, h);
      if (h > hoogste.h) { hoogste = { h: h, wat: melding("hoogste_omschrijving", { fase: f.nummer }), id: "", n: n }; }
    });
    totaal += rij(rh);
    G.velden.forEach(function (v, i) {
      rh = hoogte(aantalRegels(v.label, innerRol, bold, maat.rij_kop), maat.rij_kop);
      fasen.forEach(function (f) {
        var cel = f.cellen[i];
        var n = aantalRegels(cel.kaartTekst, inner, reg, maat.tekst, G.merken[cel.status] ? label : 0), h = hoogte(n, maat.tekst);
        rh = Math.max(rh, h);
        if (h > hoogste.h) { hoogste = { h: h, wat: melding("hoogste_cel", { label: v.label.toLowerCase(), fase: f.nummer }), id: cel.zelf ? cel.id : cel.id + "-blok", n: n }; }
      });
      totaal += rij(rh);
    });
    totaal = Math.ceil(totaal * 100) / 100;
    var te_veel = Math.max(0, Math.round((totaal - maat.tabelhoogte) * 10) / 10);
    return { past: totaal <= maat.tabelhoogte, te_veel: te_veel, hoogste: hoogste, maat: maat };
  }
  function papier() { return gekozen("papierformaat") || G.papierformaat; }
  function kaartProbleem(fasen) {
    var p = papier(), meting = meet(fasen, G.maten[p]);
    if (meting.past) { return null; }
    var mm = Math.max(1, Math.round(meting.te_veel)), n = Math.max(1, Math.ceil(meting.te_veel / meting.maat.regelhoogte));
    var te_lang = melding("te_lang", { mm: mm, n: n, regels: melding(n === 1 ? "regel" : "regels") });
    var a3 = "";
    if (p === "A4") { a3 = " " + (meet(fasen, G.maten.A3).past ? melding("a3_past") : melding("a3_past_niet")); }
    return {
      id: meting.hoogste.id || "f1-casusregie-blok",
      tekst: melding("kaart_te_lang", { wie: naam() || "deze gemeente", papier: p, te_lang: te_lang, hoogste: meting.hoogste.wat, hoogste_regels: meting.hoogste.n, a3: a3 }),
    };
  }

  /* --- the checks: the texts of `regiekaart check` ----------------------------- */

  function controleer(fasen) {
    var fouten = [], letOp = [];
    if (nieuw && !waarde("naam").trim()) { fouten.push({ id: "naam", tekst: melding("naam_leeg") }); }
    fasen.forEach(function (f) {
      f.cellen.forEach(function (c) {
        var v = { fase: f.nummer, veld: c.veld.sleutel, label: c.veld.label, hulp: melding("hulp", { uitleg: c.veld.uitleg }) };
        if (c.zelf && !c.tekst.trim()) {
          // the file then says 'veld:' (as `new` writes it), and `check` calls that empty
          fouten.push({ id: c.id, tekst: melding("veld_leeg", v) });
        } else if (!c.zelf && !ingevuld(c.onder.tekst)) {
          fouten.push({ id: c.id, tekst: melding("veld_ontbreekt", v) });
        } else if (c.zelf && isPlaatshouder(c.tekst)) {
          fouten.push({ id: c.id, tekst: melding("plaatshouder", { fase: f.nummer, veld: c.veld.sleutel, tekst: c.tekst.trim() }) });
        } else if (c.zelf && c.heeftOnder && c.tekst.trim() === c.onder.tekst) {
          letOp.push({ id: c.id, tekst: melding("gelijk_aan_onder", { fase: f.nummer, veld: c.veld.sleutel, bron: melding(c.onder.status === "regio" ? "bron_regio" : "bron_basis") }) });
        }
      });
    });
    var te_lang = kaartProbleem(fasen);
    if (te_lang) { fouten.push(te_lang); }
    form.querySelectorAll("[data-rol]").forEach(function (el) {
      var n = el.id.slice(4), rol = waarde(el.id + "-rol").trim();
      G.contact_verplicht.forEach(function (k) {
        if (!waarde(el.id + "-" + k).trim()) { fouten.push({ id: el.id + "-" + k, tekst: melding("contact_verplicht", { n: n, sleutel: k }) }); }
      });
      if (rol && !waarde(el.id + "-bereikbaar").trim()) { letOp.push({ id: el.id + "-bereikbaar", tekst: melding("contact_onbereikbaar", { rol: rol }) }); }
    });
    form.querySelectorAll("[data-tafel]").forEach(function (el) {
      if (!$(el.id + "-sleutel").value && !waarde(el.id + "-naam").trim()) { fouten.push({ id: el.id + "-naam", tekst: melding("tafel_zonder_naam", { n: el.id.slice(6) }) }); }
    });
    if (!waarde("wijziging").trim()) { fouten.push({ id: "wijziging", tekst: melding("wijziging_leeg") }); }
    persoonsgegevens().forEach(function (m) { fouten.push(m); });
    return { fouten: fouten, letOp: letOp, kaart: te_lang };
  }

  // Every field she types in, but the name, phone and e-mail of a role in the intranet's
  // form (schema.PERSOONSGEGEVENS): the message of `regiekaart check` (RK314) on the field.
  function wat(vondsten) {
    var stukken = vondsten.map(function (v) { return melding("persoonsgegeven_stuk", { soort: v.soort, tekst: v.tekst.split(/\s+/).filter(Boolean).join(" ") }); });
    return stukken.length === 1 ? stukken[0] : stukken.slice(0, -1).join(", ") + " " + melding("en") + " " + stukken[stukken.length - 1];
  }
  function persoonsgegevens() {
    var out = [], persoon = new RegExp("^rol-[0-9]+-(" + G.persoon.join("|") + ")$");
    if (!detector) { return out; }
    form.querySelectorAll("input[type='text'], input:not([type]), textarea").forEach(function (el) {
      if (!el.id || el.readOnly || persoon.test(el.id) || el.closest("[hidden]")) { return; }
      var vondsten = detector.vind(el.value);
      if (!vondsten.length) { return; }
      // the field's label says where, as file and line do in `check`
      var label = form.querySelector("label[for='" + el.id + "']"), waar = label ? label.textContent.replace(/\(als u wilt\)/, "").trim() : "";
      out.push({ id: el.id, tekst: (waar ? waar + ": " : "") + melding("persoonsgegeven", { wat: wat(vondsten) }), persoonsgegeven: true });
    });
    return out;
  }

  function toonMeldingen(uitslag) {
    form.querySelectorAll(".veld__fout").forEach(function (p) { p.hidden = true; p.textContent = ""; p.className = "veld__fout"; });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    function zet(m, soort) {
      var p = $(m.id.replace(/-blok$/, "") + "-fout");
      // GOV.UK: a field she has not touched shows its error only after 'Controleren'
      if (!p || !p.hidden || !(overzichtGetoond || aangeraakt[m.id.replace(/-blok$/, "")] || m === uitslag.kaart)) { return; }
      p.hidden = false;
      p.className = "veld__fout veld__fout--" + soort;
      p.textContent = (soort === "fout" ? "Fout: " : "Let op: ") + hoofdletter(m.tekst);
      var veld = $(m.id.replace(/-blok$/, ""));
      if (veld && soort === "fout") { veld.setAttribute("aria-invalid", "true"); }
    }
    uitslag.fouten.forEach(function (m) { zet(m, "fout"); });
    uitslag.letOp.forEach(function (m) { zet(m, "let-op"); });
    var lijst = $("foutoverzicht-lijst");
    lijst.textContent = "";
    uitslag.fouten.forEach(function (m) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + m.id;
      a.textContent = hoofdletter(m.tekst);
      li.appendChild(a);
      lijst.appendChild(li);
    });
    $("foutoverzicht").hidden = !overzichtGetoond || !uitslag.fouten.length;
  }

  /* --- the preview: the same table, bands and marks as templates/_kaart.html ------ */

  function el(tag, cls, tekst) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (tekst !== undefined) { e.textContent = tekst; }
    return e;
  }
  function merk(status) {
    var m = G.merken[status], s = el("span", "label label--" + status), t = el("span", "", m.teken);
    t.setAttribute("aria-hidden", "true");
    s.appendChild(t);
    s.appendChild(document.createTextNode(" " + m.woord));
    return s;
  }
  function toonKaart(fasen, probleem) {
    var r = regio(), doel = $("voorbeeld-kaart");
    var pagina = el("section", "kaartpagina"), kop = el("header", "kaartkop"), links = el("div");
    pagina.setAttribute("aria-label", "Voorbeeld van de geprinte kaart");
    links.appendChild(el("p", "kaartkop__boven", "Regiekaart de-escaleren"));
    links.appendChild(el("p", "kaartkop__naam", naam() || "Nieuwe gemeente"));
    kop.appendChild(links);
    var legenda = el("p", "kaartkop__legenda");
    legenda.appendChild(merk("lokaal"));
    legenda.appendChild(document.createTextNode(" door " + (naam() || "de gemeente") + " zelf ingevuld. "));
    legenda.appendChild(merk("regio"));
    legenda.appendChild(document.createTextNode(" afspraak van de regio " + r.naam + "."));
    kop.appendChild(legenda);
    pagina.appendChild(kop);
    var scroll = el("div", "kaart voorbeeld__scroll");
    scroll.setAttribute("role", "region");
    scroll.setAttribute("tabindex", "0");
    scroll.setAttribute("aria-label", "Voorbeeld van de kaart");
    var tabel = el("table", "kaart__tabel"), cg = el("colgroup"), thead = el("thead"), tr = el("tr");
    tabel.appendChild(el("caption")).appendChild(el("span", "visueel-verborgen", "Voorbeeld: regiekaart " + (naam() || "nieuwe gemeente")));
    cg.appendChild(el("col", "kaart__kolom-rol"));
    var hoek = el("th", "kaart__hoek");
    hoek.setAttribute("scope", "col");
    hoek.appendChild(el("span", "visueel-verborgen", "Onderdeel"));
    tr.appendChild(hoek);
    fasen.forEach(function (f) {
      cg.appendChild(el("col"));
      var th = el("th", "kaart__fase fase-" + f.nummer);
      th.setAttribute("scope", "col");
      th.appendChild(el("span", "fase-nummer", "Fase " + f.nummer));
      th.appendChild(el("span", "fase-naam", f.naam));
      tr.appendChild(th);
    });
    tabel.appendChild(cg);
    thead.appendChild(tr);
    tabel.appendChild(thead);
    var tbody = el("tbody"), om = el("tr", "kaart__omschrijving"), th0 = el("th", "", G.kenmerk_rij);
    th0.setAttribute("scope", "row");
    om.appendChild(th0);
    fasen.forEach(function (f) { om.appendChild(el("td", "fase-" + f.nummer, f.omschrijving)); });
    tbody.appendChild(om);
    G.velden.forEach(function (v, i) {
      var rij = el("tr"), th = el("th", "", v.label);
      th.setAttribute("scope", "row");
      rij.appendChild(th);
      fasen.forEach(function (f) {
        var c = f.cellen[i], td = el("td", "cel cel--" + c.status);
        if (c.status === "ontbreekt") { td.appendChild(el("strong", "ontbreekt", c.kaartTekst)); } else {
          td.appendChild(el("span", "cel__tekst", c.kaartTekst));
          if (G.merken[c.status]) { td.appendChild(document.createTextNode(" ")); td.appendChild(merk(c.status)); }
        }
        rij.appendChild(td);
      });
      tbody.appendChild(rij);
    });
    tabel.appendChild(tbody);
    scroll.appendChild(tabel);
    pagina.appendChild(scroll);
    doel.textContent = "";
    doel.appendChild(pagina);
    var maat = $("kaart-maat");
    maat.className = probleem ? "melding melding--fout" : "melding";
    maat.textContent = probleem ? hoofdletter(probleem.tekst) : "De kaart past op één liggende " + papier() + ".";
    ["A4", "A3"].forEach(function (p) { var l = $("kaart-css-" + p); if (l) { l.media = p === papier() ? "print" : "not all"; } });
  }

  /* --- the file: the layout of `regiekaart new` ------------------------------------- */

  // Double-quoted, JSON-style: valid YAML that no text can break. YAML reads a few more
  // characters as line breaks or refuses them; those are written as escapes too.
  function q(t) {
    return JSON.stringify(String(t)).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }
  function vandaag() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function lijstYaml(id, indent, sleutel, criteria) {
    var ta = $(id);
    if (!ta) { return []; }
    var items = regels(ta.value);
    if (!items.length) { return []; }
    var out = [indent + sleutel + ":", indent + "  " + (ta.getAttribute("data-modus") || "toevoegen") + ":"];
    items.forEach(function (r) {
      var nb = criteria && /^NB\.?\s+/i.test(r);
      out.push(indent + "    - " + (nb ? "nb: " + q(r.replace(/^NB\.?\s+/i, "")) : q(r)));
    });
    return out;
  }
  function bestand() {
    var Y = G.yaml, r = regio(), fasen = kaart();
    var n = naam(), status = nieuw ? "concept" : eigen.status || "concept";
    var versie = waarde("versie").trim() || eigen.versie || Y.eerste_versie;
    var out = [Y.modeline, "# Lokale regiekaart de-escaleren — " + q(n)].concat(Y.kop, [""]);
    function sleutel(k, v) { out.push.apply(out, Y.uitleg[k] || []); out.push(k + ": " + v); }
    sleutel("naam", q(n));
    var rs = nieuw ? $("regio").value : eigen.regio;
    if ((nieuw && rs !== G.standaardregio) || eigen.regio_genoemd) { sleutel("regio", q(rs)); }
    sleutel("status", q(status));
    sleutel("versie", q(versie));
    sleutel("bijgewerkt", vandaag());
    if (eigen.vastgesteld) { sleutel("vastgesteld", eigen.vastgesteld); }
    if (eigen.herzien_voor) { sleutel("herzien_voor", eigen.herzien_voor); }
    if (gekozen("papierformaat")) { sleutel("papierformaat", q(gekozen("papierformaat"))); }
    if (waarde("toelichting").trim()) { sleutel("toelichting", q(waarde("toelichting"))); }
    out.push("");
    out.push.apply(out, Y.uitleg.fasen);
    out.push("fasen:");
    fasen.forEach(function (f) {
      var ef = (eigen.fasen || {})[String(f.nummer)] || {};
      out.push("", "  " + f.nummer + ":", "    # Fase " + f.nummer + ": " + f.naam);
      ["naam", "omschrijving"].forEach(function (k) { if (ef[k] !== undefined && ef[k] !== null) { out.push("    " + k + ": " + q(ef[k])); } });
      f.cellen.forEach(function (c) {
        var k = c.veld.sleutel;
        out.push.apply(out, Y.veld_uitleg[k]);
        if (c.zelf && c.tekst.trim()) { out.push("    " + k + ": " + q(c.tekst)); } else if (c.zelf && c.heeftOnder) { out.push("    " + k + ": \"\""); } else if (c.zelf) { out.push("    " + k + ":"); } else {
          out.push("    # " + c.onder.herkomst + " " + Y.blijft, "    # " + k + ": " + q(c.onder.tekst));
        }
      });
      out.push.apply(out, lijstYaml("f" + f.nummer + "-opschalen", "    ", "opschalen", true));
      out.push.apply(out, lijstYaml("f" + f.nummer + "-afschalen", "    ", "afschalen", true));
    });
    var wa = lijstYaml("werkafspraken", "", "werkafspraken", false);
    if (wa.length) { out.push(""); out.push.apply(out, Y.uitleg.werkafspraken); out.push.apply(out, wa); }
    var tafels = form.querySelectorAll("[data-tafel]");
    if (tafels.length) {
      out.push(""); out.push.apply(out, Y.uitleg.opschaaltafels); out.push("opschaaltafels:");
      tafels.forEach(function (t) {
        var key = $(t.id + "-sleutel").value || slug(waarde(t.id + "-naam")) || t.id;
        out.push("  " + key + ":");
        G.tafel.forEach(function (k) { var v = waarde(t.id + "-" + k); if (v.trim()) { out.push("    " + k + ": " + q(v)); } });
        out.push.apply(out, lijstYaml(t.id + "-criteria", "    ", "criteria", false));
        var fs = Array.prototype.map.call(t.querySelectorAll("input[name='" + t.id + "-fasen']:checked"), function (i) { return i.value; });
        if (fs.length) { out.push("    fasen: [" + fs.join(", ") + "]"); }
      });
    }
    var rollen = form.querySelectorAll("[data-rol]");
    if (rollen.length) {
      out.push(""); out.push.apply(out, Y.uitleg.wie_is_wie); out.push("wie_is_wie:");
      rollen.forEach(function (rol) {
        var eerste = true;
        G.contact.forEach(function (k) {
          var v = waarde(rol.id + "-" + k);
          if (v.trim() || G.contact_verplicht.indexOf(k) >= 0) { out.push((eerste ? "  - " : "    ") + k + ": " + q(v)); eerste = false; }
        });
        var kaartVelden = {};
        rol.querySelectorAll("input[name='" + rol.id + "-kaart']:checked").forEach(function (i) {
          var d = i.value.split(":");
          (kaartVelden[d[0]] = kaartVelden[d[0]] || []).push(d[1]);
        });
        var fs = Object.keys(kaartVelden).sort();
        if (fs.length) { out.push("    op_de_kaart:"); fs.forEach(function (f) { out.push("      " + f + ": [" + kaartVelden[f].join(", ") + "]"); }); }
      });
    }
    var log = (eigen.wijzigingen || []).slice();
    if (waarde("wijziging").trim()) { log.unshift({ versie: versie, datum: vandaag(), wijziging: waarde("wijziging") }); }
    if (log.length) {
      out.push(""); out.push.apply(out, Y.uitleg.wijzigingen); out.push("wijzigingen:");
      log.forEach(function (w) {
        out.push("  - versie: " + q(w.versie === undefined || w.versie === null ? "" : w.versie));
        if (w.datum) { out.push("    datum: " + w.datum); }
        out.push("    wijziging: " + q(w.wijziging === undefined || w.wijziging === null ? "" : w.wijziging));
      });
    }
    return out.join("\n") + "\n";
  }
  function slug(t) {
    return t.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function bestandsnaam() { return (nieuw ? slug(naam()) || "nieuwe-gemeente" : form.getAttribute("data-gemeente")) + ".yaml"; }

  /* --- wiring -------------------------------------------------------------------------- */

  var laatste = -1;
  function bijwerken() {
    form.querySelectorAll("[data-veld]").forEach(function (blok) {
      var id = blok.id.replace(/-blok$/, ""), onder = blok.querySelector("[data-onder]");
      blok.querySelector("[data-eigen]").hidden = !onder.hidden && gekozen(id + "-keuze") !== "eigen";
    });
    var fasen = kaart(), uitslag = controleer(fasen);
    toonMeldingen(uitslag);
    toonKaart(fasen, uitslag.kaart);
    $("uitvoer").value = bestand();
    if (laatste !== uitslag.fouten.length && overzichtGetoond) {
      $("meldingen-status").textContent = uitslag.fouten.length ? "Nog " + uitslag.fouten.length + " " + (uitslag.fouten.length === 1 ? "punt" : "punten") + " om te verbeteren." : "Alles is in orde.";
    }
    laatste = uitslag.fouten.length;
    return uitslag;
  }
  var wacht = 0;
  function later() { clearTimeout(wacht); wacht = setTimeout(bijwerken, 150); }

  function wisselRegio() {
    var r = regio(), beheer = document.querySelector("[data-beheer]");
    if (beheer && r.beheer) { beheer.textContent = r.beheer; }
    r.fasen.forEach(function (f) {
      var fs = form.querySelector("[data-fase='" + f.nummer + "']");
      fs.querySelector("[data-fasenaam]").textContent = f.naam;
      G.velden.forEach(function (v) {
        var blok = $("f" + f.nummer + "-" + v.sleutel + "-blok"), c = f.cellen[v.sleutel];
        blok.querySelector("[data-onder]").hidden = !c.tekst;
        blok.querySelector("[data-herkomst]").textContent = c.herkomst;
        blok.querySelector("[data-ondertekst]").textContent = c.tekst;
      });
    });
    bijwerken();
  }

  function toevoegen(soort) {
    teller[soort] += 1;
    var n = teller[soort], html = $("sjabloon-" + soort).innerHTML.replace(/__N__/g, String(n));
    var lijst = form.querySelector("[data-lijst='" + soort + "']");
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    lijst.appendChild(tpl.content);
    form.querySelectorAll("[data-kaartkeuze]").forEach(kaartkeuze);
    $(soort + "-" + n + (soort === "rol" ? "-rol" : "-sleutel")).focus();
    bijwerken();
  }

  // Per fase and field of the registry: her own text, what applies when she writes none
  // (the region's or the universal card's, named as such), and the choice between them.
  function bouwCellen() {
    regio().fasen.forEach(function (f) {
      var doel = form.querySelector("[data-fase='" + f.nummer + "'] [data-cellen]");
      var ef = (eigen.fasen || {})[String(f.nummer)] || {};
      G.velden.forEach(function (v) {
        var id = "f" + f.nummer + "-" + v.sleutel, c = f.cellen[v.sleutel], zelf = v.sleutel in ef;
        var blok = el("div", "veld cel-veld"), hint = el("p", "veld__hint", v.hulp), fout = el("p", "veld__fout");
        var onder = el("div", "onder"), ot = el("p", "onder__tekst"), hk = el("span", "", c.herkomst), q = el("q", "", c.tekst);
        var keuze = el("fieldset", "keuze keuze--rij"), eigenDeel = el("div", "eigen"), sub = el("label", "veld__sublabel", "Eigen tekst: " + v.label.toLowerCase() + " in fase " + f.nummer);
        var ta = el("textarea", "veld__tekst");
        blok.id = id + "-blok";
        blok.setAttribute("data-veld", v.sleutel);
        hint.id = id + "-hint";
        fout.id = id + "-fout";
        fout.hidden = true;
        onder.setAttribute("data-onder", "");
        onder.hidden = !c.tekst;
        ot.id = id + "-onder";
        hk.setAttribute("data-herkomst", "");
        q.setAttribute("data-ondertekst", "");
        ot.append(hk, ": ", q);
        keuze.appendChild(el("legend", "visueel-verborgen", v.label + " in fase " + f.nummer + ": welke tekst?"));
        [["houden", "Deze tekst houden"], ["eigen", "Zelf invullen"]].forEach(function (k) {
          var l = el("label", "vinkje"), r = el("input");
          r.type = "radio";
          r.name = id + "-keuze";
          r.value = k[0];
          r.checked = (k[0] === "eigen") === zelf;
          l.append(r, " " + k[1]);
          keuze.appendChild(l);
        });
        onder.append(ot, keuze);
        eigenDeel.setAttribute("data-eigen", "");
        sub.htmlFor = id;
        ta.id = ta.name = id;
        ta.rows = 2;
        ta.value = zelf && ef[v.sleutel] !== null ? String(ef[v.sleutel]) : "";
        ta.setAttribute("aria-describedby", id + "-hint " + id + "-onder " + id + "-fout");
        eigenDeel.append(sub, ta);
        blok.append(el("p", "veld__label", v.label), hint, fout, onder, eigenDeel);
        doel.appendChild(blok);
      });
    });
  }

  // A role's place on the card: per fase a group of boxes, one per field of the registry.
  function kaartkeuze(fs) {
    var rol = fs.closest("[data-rol]").id, aan = (fs.getAttribute("data-kaartkeuze") || "").split(" ");
    fs.removeAttribute("data-kaartkeuze");
    regio().fasen.forEach(function (f) {
      var groep = el("fieldset", "rol__fase");
      groep.appendChild(el("legend", "rol__fasenaam", "Fase " + f.nummer));
      G.velden.forEach(function (v) {
        var label = el("label", "vinkje"), box = el("input");
        box.type = "checkbox";
        box.name = rol + "-kaart";
        box.value = f.nummer + ":" + v.sleutel;
        box.checked = aan.indexOf(box.value) >= 0;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + v.label));
        groep.appendChild(label);
      });
      fs.appendChild(groep);
    });
  }

  function zegt(t) { $("knoppen-status").textContent = t; }

  function raak(e) {
    var t = e.target, id = t.id || t.name || "";
    aangeraakt[id.replace(/-keuze$/, "")] = true;
  }
  form.addEventListener("input", function (e) { raak(e); later(); });
  form.addEventListener("change", function (e) { raak(e); if (e.target.id === "regio") { wisselRegio(); } else { bijwerken(); } });
  form.addEventListener("click", function (e) {
    var knop = e.target.closest("[data-verwijder]");
    if (knop) {
      var blok = knop.closest("[data-rol], [data-tafel]");
      blok.parentNode.removeChild(blok);
      zegt("Verwijderd.");
      bijwerken();
    }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    overzichtGetoond = true;
    var uitslag = bijwerken();
    if (uitslag.fouten.length) { $("foutoverzicht").focus(); } else { zegt("Alles is in orde. U kunt het bestand downloaden."); }
  });
  $("foutoverzicht").addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (!a) { return; }
    var doel = $(a.getAttribute("href").slice(1));
    if (doel) { e.preventDefault(); (doel.matches("input, textarea, select") ? doel : doel.querySelector("input:checked, input, textarea") || doel).focus(); doel.scrollIntoView({ block: "center" }); }
  });
  $("rol-toevoegen").addEventListener("click", function () { toevoegen("rol"); });
  $("tafel-toevoegen").addEventListener("click", function () { toevoegen("tafel"); });
  // With personal data in a field nothing leaves the form: the list at the top says where.
  function weigert(uitslag) {
    var n = uitslag.fouten.filter(function (m) { return m.persoonsgegeven; }).length;
    if (!n) { return false; }
    overzichtGetoond = true;
    toonMeldingen(uitslag);
    zegt(melding("persoonsgegeven_knop", { zijn: n === 1 ? "is" : "zijn", n: n, gegevens: n === 1 ? "veld met gegevens" : "velden met gegevens" }));
    $("foutoverzicht").focus();
    return true;
  }
  $("downloaden").addEventListener("click", function () {
    var uitslag = bijwerken();
    if (weigert(uitslag)) { return; }
    var blob = new Blob([bestand()], { type: "application/x-yaml;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = bestandsnaam();
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 1000);
    zegt("Het bestand " + bestandsnaam() + " staat in uw map Downloads. Stuur het naar de coördinator." + (uitslag.fouten.length ? " Let op: er " + (uitslag.fouten.length === 1 ? "is nog 1 punt" : "zijn nog " + uitslag.fouten.length + " punten") + " om te verbeteren; kies ‘Controleren’." : ""));
  });
  $("kopieren").addEventListener("click", function () {
    if (weigert(bijwerken())) { return; }
    var tekst = bestand(), ta = $("uitvoer");
    ta.value = tekst;
    function oud() { ta.closest("details").open = true; ta.select(); return document.execCommand("copy"); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(tekst).then(function () { zegt("De tekst is gekopieerd. Plak hem in een e-mail aan de coördinator."); }, function () { zegt(oud() ? "De tekst is gekopieerd." : "Kopiëren lukte niet. Selecteer de tekst hieronder en kopieer hem zelf."); });
    } else { zegt(oud() ? "De tekst is gekopieerd." : "Kopiëren lukte niet. Selecteer de tekst hieronder en kopieer hem zelf."); }
  });
  $("printen").addEventListener("click", function () { bijwerken(); window.print(); });

  bouwCellen();
  form.querySelectorAll("[data-kaartkeuze]").forEach(kaartkeuze);
  $("zonder-script").hidden = true;
  form.hidden = false;
  $("voorbeeld").hidden = false;
  if (nieuw) { wisselRegio(); } else { bijwerken(); }
  if (!detector) { zegt("Deze browser kan niet nagaan of er namen of telefoonnummers in het formulier staan. Typ ze niet; de coördinator controleert het bestand bij het inlezen."); }
}());
