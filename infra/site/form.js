/*
 * lead-capture example form: the enhancement of a form that already works without JavaScript.
 *
 * With this script the form is sent with fetch (same fields, urlencoded, Accept: application/json)
 * and the answer is shown in place: the thank-you message, the crisis resources at once when the
 * answer carries them, or each field's error next to its field (linked with aria-describedby; focus
 * moves to the first). An Idempotency-Key is made per form render, so a double click or a retry
 * after a network failure stores one lead; it is renewed only when the API rejected what was sent,
 * because the corrected form is a different request.
 * It also fills the hidden attribution fields, and on the thank-you page shows the crisis section
 * when the URL carries ?crisis=1.
 */
(function () {
  "use strict";

  var crisisSection = document.querySelector("[data-crisis-now]");
  if (crisisSection && new URLSearchParams(location.search).get("crisis") === "1") {
    crisisSection.hidden = false;
  }

  var form = document.getElementById("consultation");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) {
    return;
  }

  var ATTRIBUTION_MAX = 300;
  var button = form.querySelector("button[type=submit]");
  var buttonLabel = button.textContent;
  var status = form.querySelector(".form-status");
  var thanks = document.getElementById("thanks");
  var crisisNow = document.getElementById("crisis-now");
  var idempotencyKey = newKey();

  fillAttribution();
  // The API's rules are the one source of truth (email or phone, phone formats, ...): its answer
  // is shown field by field, so the browser's own bubbles are turned off while the script runs.
  form.noValidate = true;
  form.addEventListener("submit", send);

  function newKey() {
    if (window.crypto && typeof crypto.randomUUID === "function") {
      return crypto.randomUUID();
    }
    // randomUUID needs a secure context (https or localhost); this is a version-4 UUID too.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function fillAttribution() {
    var query = new URLSearchParams(location.search);
    setHidden("page_url", location.href.split("#")[0]);
    setHidden("referrer", document.referrer);
    ["utm_source", "utm_medium", "utm_campaign"].forEach(function (name) { setHidden(name, query.get(name)); });
  }

  function setHidden(name, value) {
    var input = form.elements.namedItem(name);
    if (input && value) {
      input.value = String(value).slice(0, ATTRIBUTION_MAX);
    }
  }

  function send(event) {
    event.preventDefault();
    if (button.disabled) {
      return;
    }
    clearErrors();
    button.disabled = true;
    button.textContent = "Sending…";
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "Idempotency-Key": idempotencyKey
      },
      body: new URLSearchParams(new FormData(form)).toString(),
      credentials: "omit"
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) { show(response.status, answer); });
      })
      .catch(function () {
        showStatus(["We could not send your request. Please check your connection and try again."]);
      })
      .then(function () {
        button.disabled = false;
        button.textContent = buttonLabel;
        form.removeAttribute("aria-busy");
      });
  }

  function show(statusCode, answer) {
    if (statusCode >= 200 && statusCode < 300) {
      showThanks(answer.crisis);
    } else if (statusCode === 409 || statusCode === 429 || statusCode >= 500) {
      // Not taken yet (in flight, too many, or down): the same key makes a retry safe.
      showStatus(["We could not take your request just now. Please try again in a moment, or call us."]);
    } else if (statusCode === 403 && window.turnstile) {
      // The bot check's token is single-use: the widget needs a new one before the form is sent again.
      window.turnstile.reset();
      showStatus([answer.detail || "Please complete the check and send the form again."]);
    } else if (statusCode === 422 && Array.isArray(answer.errors)) {
      idempotencyKey = newKey();
      showErrors(answer.errors);
    } else {
      idempotencyKey = newKey();
      showStatus([answer.detail || "Something in the request was not accepted. Please check the form, or call us."]);
    }
  }

  function showThanks(crisis) {
    if (crisis && crisisNow) {
      renderCrisis(crisis);
      crisisNow.hidden = false;
    }
    form.hidden = true;
    thanks.hidden = false;
    thanks.focus();
  }

  function renderCrisis(crisis) {
    crisisNow.textContent = "";
    var message = document.createElement("p");
    message.className = "crisis-message";
    message.textContent = crisis.message || "";
    crisisNow.appendChild(message);
    var list = document.createElement("ul");
    (crisis.resources || []).forEach(function (resource) {
      var item = document.createElement("li");
      var call = document.createElement("a");
      call.href = "tel:" + String(resource.phone || "").replace(/[^0-9+]/g, "");
      call.textContent = resource.name;
      item.appendChild(call);
      item.appendChild(document.createTextNode(resource.text ? ": call or text " + resource.phone : ": call " + resource.phone));
      if (resource.url && /^https:\/\//.test(resource.url)) {
        var site = document.createElement("a");
        site.href = resource.url;
        site.textContent = resource.url.replace(/^https:\/\//, "");
        item.appendChild(document.createTextNode(", or visit "));
        item.appendChild(site);
      }
      list.appendChild(item);
    });
    crisisNow.appendChild(list);
  }

  function controlsOf(field) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === field && el.type !== "hidden" && !el.closest(".hp");
    });
  }

  function showErrors(errors) {
    var elsewhere = [];
    errors.forEach(function (error) {
      var controls = controlsOf(error.field);
      if (!controls.length) {
        elsewhere.push(error.message);
        return;
      }
      var id = "error-" + error.field;
      var note = document.createElement("p");
      note.className = "field-error";
      note.id = id;
      note.textContent = error.message.charAt(0).toUpperCase() + error.message.slice(1) + ".";
      controls[0].closest(".field").appendChild(note);
      controls.forEach(function (control) {
        var own = control.getAttribute("aria-describedby");
        control.setAttribute("data-describedby", own || "");
        control.setAttribute("aria-describedby", own ? own + " " + id : id);
        control.setAttribute("aria-invalid", "true");
      });
    });
    var count = errors.length - elsewhere.length;
    var lines = count ? ["Please correct the " + (count === 1 ? "field" : count + " fields") + " marked below."] : [];
    showStatus(lines.concat(elsewhere), count > 0);
    var first = Array.prototype.find.call(form.elements, function (el) { return el.getAttribute("aria-invalid") === "true"; });
    if (first) {
      first.focus();
    }
  }

  function showStatus(lines, keepFocus) {
    status.textContent = "";
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      status.appendChild(p);
    });
    status.hidden = false;
    if (!keepFocus) {
      status.setAttribute("tabindex", "-1");
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
