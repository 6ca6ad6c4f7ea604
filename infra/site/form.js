/*
 * lead-capture drop-in: one <script> tag makes any consultation form send with fetch (docs/website.md).
 *   <script src="form.js" defer data-form="#consultation" data-endpoint="https://.../consultations"
 *           data-lang="es" data-thank-you="/es/gracias"></script>
 * All optional: the form is data-form's, else the first form with data-leadcapture, else the page's
 * first; the endpoint, the form's action; the language, the page's <html lang>; without a thank-you
 * URL the thanks are shown in place. With JavaScript off the form still posts to its action and the
 * API answers with a 303 or a page, in the language of the form's `lang` field.
 * Adds what is missing: the honeypot (`website`), `lang`, the attribution fields. Shows the API's
 * field errors next to their fields (aria-describedby, aria-invalid; focus on the first) and the
 * crisis resources at once when the answer has them. One Idempotency-Key per form render, renewed
 * only when the API refused what was sent. On a thank-you page (data-crisis-now) ?crisis=1 shows it.
 */
(function () {
  "use strict";
  var script = document.currentScript || {};
  var data = script.dataset || {};
  var crisisSection = document.querySelector("[data-crisis-now]");
  if (crisisSection && new URLSearchParams(location.search).get("crisis") === "1") {
    crisisSection.hidden = false;
  }
  var form = document.querySelector(data.form || "form[data-leadcapture]") || (data.form ? null : document.forms[0]);
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }
  var lang = /^es\b/i.test(data.lang || document.documentElement.lang) ? "es" : "en";
  // The few words the script says itself; everything else comes from the API in the person's language.
  var WORDS = {
    en: { network: "We could not send your request. Please check your connection and try again.", fix: "Please correct the fields marked below.", thanks: "Thank you. Your request was received." },
    es: { network: "No pudimos enviar su solicitud. Revise su conexión e inténtelo de nuevo.", fix: "Corrija los campos marcados abajo.", thanks: "Gracias. Recibimos su solicitud." }
  }[lang];
  var endpoint = data.endpoint || form.action;
  var button = form.querySelector("[type=submit]");
  var status = form.querySelector(".form-status") || add("div", { className: "form-status", role: "alert", hidden: true }, form, form.firstChild);
  var thanks = document.getElementById("thanks");
  var idempotencyKey = newKey();

  form.action = endpoint;
  hidden("lang", lang);
  if (!form.elements.namedItem("website")) {
    // Honeypot: out of sight and out of reach; a bot that fills it is quarantined, not emailed.
    var trap = add("div", { className: "hp" }, form);
    trap.setAttribute("aria-hidden", "true");
    trap.style.cssText = "position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden";
    add("input", { name: "website", type: "text", tabIndex: -1, autocomplete: "off" }, trap);
  }
  var query = new URLSearchParams(location.search);
  hidden("page_url", location.href.split("#")[0]);
  hidden("referrer", document.referrer);
  ["utm_source", "utm_medium", "utm_campaign"].forEach(function (name) { hidden(name, query.get(name)); });
  // The API's rules are the one source of truth: its answer is shown field by field.
  form.noValidate = true;
  form.addEventListener("submit", send);

  function add(tag, props, parent, before) {
    var el = Object.assign(document.createElement(tag), props);
    if (props.role) {
      el.setAttribute("role", props.role);
    }
    return parent.insertBefore(el, before || null);
  }

  function hidden(name, value) {
    var input = form.elements.namedItem(name) || (value ? add("input", { type: "hidden", name: name }, form) : null);
    if (input && value && !input.value) {
      input.value = String(value).slice(0, 300);
    }
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    // randomUUID needs a secure context; this is a version-4 UUID too.
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  function send(event) {
    event.preventDefault();
    if (button && button.disabled) {
      return;
    }
    clearErrors();
    if (button) {
      button.disabled = true;
    }
    form.setAttribute("aria-busy", "true");
    fetch(endpoint, {
      method: "POST",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8", "Idempotency-Key": idempotencyKey },
      body: new URLSearchParams(new FormData(form)).toString(),
      credentials: "omit"
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) { show(response.status, answer); });
      })
      .catch(function () { showStatus([WORDS.network]); })
      .then(function () {
        if (button) {
          button.disabled = false;
        }
        form.removeAttribute("aria-busy");
      });
  }

  function show(code, answer) {
    if (code >= 200 && code < 300) {
      showThanks(answer.crisis);
      return;
    }
    if (code === 403 && window.turnstile) {
      // The bot check's token is single-use: the widget needs a new one.
      window.turnstile.reset();
    }
    if (code !== 409 && code !== 429 && code < 500) {
      // Refused: the corrected form is a different request. Otherwise the same key makes a retry safe.
      idempotencyKey = newKey();
    }
    if (code === 422 && Array.isArray(answer.errors)) {
      showErrors(answer.errors);
    } else {
      showStatus([answer.detail || WORDS.network]);
    }
  }

  function showThanks(crisis) {
    if (!crisis && data.thankYou) {
      location.assign(data.thankYou);
      return;
    }
    var place = thanks || add("section", { className: "thanks", tabIndex: -1 }, form.parentNode, form);
    if (!thanks) {
      add("h2", { textContent: WORDS.thanks }, place);
    }
    if (crisis) {
      renderCrisis(crisis, place);
    }
    form.hidden = true;
    place.hidden = false;
    place.focus();
  }

  function renderCrisis(crisis, place) {
    var box = document.getElementById("crisis-now") || add("div", { id: "crisis-now", className: "crisis-now", role: "alert" }, place, place.firstChild);
    box.textContent = "";
    add("p", { className: "crisis-message", textContent: crisis.message || "" }, box);
    var list = add("ul", {}, box);
    (crisis.resources || []).forEach(function (resource) {
      var item = add("li", {}, list);
      add("a", { href: "tel:" + String(resource.phone).replace(/[^0-9+]/g, ""), textContent: resource.name }, item);
      item.appendChild(document.createTextNode(": " + (resource.how || resource.phone)));
      if (/^https:\/\//.test(resource.url || "")) {
        item.appendChild(document.createTextNode(" · "));
        add("a", { href: resource.url, textContent: resource.url.slice(8) }, item);
      }
    });
    box.hidden = false;
  }

  function controlsOf(field) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.name === field || el.getAttribute("data-field") === field) && el.type !== "hidden" && !el.closest(".hp");
    });
  }

  function showErrors(errors) {
    var elsewhere = [];
    errors.forEach(function (error) {
      var controls = controlsOf(error.field);
      var message = error.message.charAt(0).toUpperCase() + error.message.slice(1) + ".";
      if (!controls.length) {
        elsewhere.push(message);
        return;
      }
      var id = "error-" + error.field;
      var holder = controls[0].closest(".field, fieldset, p, div") || controls[0].parentNode;
      add("p", { className: "field-error", id: id, textContent: message }, holder);
      controls.forEach(function (control) {
        var own = control.getAttribute("aria-describedby");
        control.setAttribute("data-describedby", own || "");
        control.setAttribute("aria-describedby", own ? own + " " + id : id);
        control.setAttribute("aria-invalid", "true");
      });
    });
    showStatus((elsewhere.length < errors.length ? [WORDS.fix] : []).concat(elsewhere), elsewhere.length < errors.length);
    var first = form.querySelector("[aria-invalid=true]");
    if (first) {
      first.focus();
    }
  }

  function showStatus(lines, keepFocus) {
    status.textContent = "";
    lines.forEach(function (line) { add("p", { textContent: line }, status); });
    status.hidden = false;
    if (!keepFocus) {
      status.tabIndex = -1;
      status.focus();
    }
  }

  function clearErrors() {
    status.hidden = true;
    status.textContent = "";
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (note) { note.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (control) {
      var own = control.getAttribute("data-describedby");
      if (own) {
        control.setAttribute("aria-describedby", own);
      } else {
        control.removeAttribute("aria-describedby");
      }
      control.removeAttribute("data-describedby");
      control.removeAttribute("aria-invalid");
    });
  }
})();
