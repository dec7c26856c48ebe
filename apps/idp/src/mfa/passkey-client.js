// The passkey buttons of the server-rendered pages (served after @simplewebauthn/browser's bundle as
// /assets/cle-d-acces.js; no inline script). Each `[data-passkey]` block names its kind (register,
// second-factor, passwordless) and the two addresses of the exchange: options, then verification.
// Without JavaScript or WebAuthn the buttons stay hidden and the block's hint says why.
(() => {
  var lib = window.SimpleWebAuthnBrowser;
  var supported = Boolean(lib?.browserSupportsWebAuthn());

  function status(box) {
    var p = box.querySelector("[data-passkey-status]");
    if (!p) {
      p = document.createElement("p");
      p.setAttribute("data-passkey-status", "");
      p.setAttribute("role", "alert");
      p.className = "error";
      p.hidden = true;
      box.appendChild(p);
    }
    return p;
  }

  async function post(url, body, csrf) {
    var headers = { "content-type": "application/json", accept: "application/json" };
    if (csrf) headers["x-csrf-token"] = csrf;
    var res = await fetch(url, { method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(body) });
    var data = {};
    try {
      data = await res.json();
    } catch (_e) {
      data = {};
    }
    if (!res.ok) throw new Error(data.message || "La demande n'a pas abouti. Recommencez.");
    return data;
  }

  function message(error) {
    if (error && (error.name === "NotAllowedError" || error.name === "AbortError"))
      return "L'opération a été annulée ou le délai est dépassé. Recommencez.";
    if (error && error.name === "InvalidStateError") return "Cette clé d'accès est déjà enregistrée sur votre compte.";
    return error?.message || "La clé d'accès n'a pas pu être utilisée.";
  }

  document.querySelectorAll("[data-passkey]").forEach((box) => {
    var button = box.querySelector("[data-passkey-start]");
    var hint = box.querySelector("[data-passkey-unsupported]");
    if (!button || !supported) return;
    button.hidden = false;
    if (hint) hint.hidden = true;
    var kind = box.getAttribute("data-passkey");
    var csrf = box.getAttribute("data-csrf");
    button.addEventListener("click", async () => {
      var out = status(box);
      out.hidden = true;
      button.disabled = true;
      try {
        var nameInput = box.querySelector("[data-passkey-name]");
        var name = nameInput ? nameInput.value : undefined;
        var start = await post(box.getAttribute("data-options"), {}, csrf);
        var response =
          kind === "register"
            ? await lib.startRegistration({ optionsJSON: start.options })
            : await lib.startAuthentication({ optionsJSON: start.options });
        var done = await post(box.getAttribute("data-verify"), { challengeId: start.challengeId, response: response, name: name }, csrf);
        window.location.assign(done.redirect);
      } catch (error) {
        out.textContent = message(error);
        out.hidden = false;
        button.disabled = false;
        button.focus();
      }
    });
  });
})();
