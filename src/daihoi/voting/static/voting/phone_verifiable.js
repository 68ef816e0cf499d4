// The phone's ballot for a verifiable poll (docs/verifiable-voting.md §4.2-§4.4). phone.js draws the
// ballot, its counter and warnings and the confirmation; when the voter confirms it sends the event
// "daihoi:confirmed" with the choice, and this module:
//   1. fetches the poll's manifest and encrypts the choice on the phone (protocol.js), showing progress;
//   2. shows the tracker (mã phiếu) and two buttons: cast it, or challenge it (Benaloh);
//   3. cast: POST {"ballot"} -> the receipt with the tracker and the board's link (no content);
//      challenge: POST {"ballot", "reveal"} -> the tracker, the board's check page (link and QR code),
//      then back to the ballot to encrypt again with fresh randomness (the voter may change the choice).
// The tracker is kept in this phone's localStorage so a reload of the receipt still shows it (it says
// nothing about the choice). Texts come from the page's templates; no inline script, no eval.

const form = document.getElementById('ballot');
const confirmBox = document.getElementById('confirm');
const sealedBox = document.getElementById('sealed');
const auditedBox = document.getElementById('audited');
const receiptBox = document.getElementById('receipt');

function text(key) {
  const t = document.querySelector(`template[data-text="${key}"]`);
  return t ? t.content.textContent.trim() : '';
}

function storageKey(poll) {
  return `daihoi-tracker:${poll}`;
}

function remember(poll, tracker) {
  try {
    localStorage.setItem(storageKey(poll), tracker);
  } catch (e) {
    /* a private window: the receipt shows the tracker now only */
  }
}

function recalled(poll) {
  try {
    return localStorage.getItem(storageKey(poll));
  } catch (e) {
    return null;
  }
}

// The receipt (just after the cast, or the page reloaded later): the tracker and the board's search.
function showReceiptTracker(scope, tracker) {
  const box = scope.querySelector('[data-receipt-tracker]');
  if (!box || !tracker) return;
  box.querySelector('[data-tracker]').textContent = tracker;
  box.hidden = false;
  const link = scope.querySelector('[data-board-link]');
  if (link) {
    const url = new URL(link.getAttribute('href'), window.location.href);
    url.searchParams.set('q', tracker.replace(/\s+/g, '').slice(0, 8));
    link.setAttribute('href', url.pathname + url.search);
  }
}

function csrfToken() {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  const meta = document.querySelector('meta[name="csrf-token"]');
  return (input && input.value) || (meta && meta.content) || '';
}

// Let the browser paint (the progress line) before the synchronous arithmetic.
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function show(section) {
  for (const box of [form, confirmBox, sealedBox, auditedBox, receiptBox]) box.hidden = box !== section;
  window.scrollTo(0, 0);
}

class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// POST JSON; the answer's JSON, or Refused(status, the server's message in words).
async function post(url, payload) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify(payload),
    });
  } catch (e) {
    throw new Refused(0, text('network'));
  }
  const json = (response.headers.get('Content-Type') || '').startsWith('application/json');
  const data = json ? await response.json().catch(() => null) : null;
  if (response.ok && data) return data;
  throw new Refused(response.status, (data && data.message) || text('network'));
}

function ballotPage() {
  const api = confirmBox.dataset;
  let protocol = null; // the module, loaded on first use (the home and receipt pages do not need it)
  let manifest = null;
  let sealed = null; // {ballot, secrets, tracker} of the encryption shown, until cast or challenged
  let busy = false;

  const confirmError = confirmBox.querySelector('[data-error]');
  const progress = confirmBox.querySelector('[data-progress]');
  const confirmActions = confirmBox.querySelector('[data-confirm-actions]');
  const sealedError = sealedBox.querySelector('[data-error]');
  const sendButton = sealedBox.querySelector('[data-send]');
  const challengeButton = sealedBox.querySelector('[data-challenge]');
  const sendLabel = sendButton.textContent;
  const challengeLabel = challengeButton.textContent;

  function fail(box, message) {
    box.textContent = message;
    box.hidden = false;
  }

  // The module and the poll's manifest (§4.1), loaded once (when the ballot is shown, so the tap on
  // "encrypt" does not wait) and checked before anything is encrypted under it: it is this poll's, and
  // its election key is the sum of the key holders' commitments (protocol.checkManifestKeys, §6.1).
  let ready = null;
  function load() {
    if (!ready) {
      ready = (async () => {
        try {
          protocol = await import('./verifiable/protocol.js');
        } catch (e) {
          throw new Refused(0, text('no-crypto'));
        }
        const response = await fetch(api.manifestApi, {
          credentials: 'same-origin',
          cache: 'no-store',
          headers: { Accept: 'application/json' },
        }).catch(() => null);
        if (!response) throw new Refused(0, text('network'));
        const data = await response.json().catch(() => null);
        if (!response.ok || !data || !data.manifest)
          throw new Refused(response.status, (data && data.message) || text('network'));
        try {
          if (data.manifest.poll !== api.poll) throw new Error('another poll');
          protocol.checkManifestKeys(data.manifest);
        } catch (e) {
          throw new Refused(0, text('bad-manifest'));
        }
        protocol.prepare(data.manifest);
        manifest = data.manifest;
      })();
      ready.catch(() => {
        ready = null; // the hall's Wi-Fi: the next tap tries again
      });
    }
    return ready;
  }

  async function encrypt(choice) {
    if (busy) return; // a second tap while encrypting
    busy = true;
    confirmError.hidden = true;
    confirmActions.hidden = true;
    progress.hidden = false;
    try {
      await load();
      const m = manifest;
      await painted();
      const content = choice.struck ? choice.struck.join(',') : choice.marks;
      const made = protocol.encryptBallot(m, protocol.choiceFromContent(m, content));
      sealed = { ...made, tracker: protocol.tracker(made.ballot) };
      sealedError.hidden = true;
      sendButton.hidden = false;
      challengeButton.hidden = false;
      sealedBox.querySelector('[data-home]').hidden = true;
      sealedBox.querySelector('[data-tracker]').textContent = sealed.tracker;
      show(sealedBox);
    } catch (err) {
      fail(confirmError, err instanceof Refused ? err.message : text('no-crypto'));
    } finally {
      progress.hidden = true;
      confirmActions.hidden = false;
      busy = false;
    }
  }

  // Refused for good (closed, already voted, not present, not bound): no retry, the way home.
  function refusedForGood(err) {
    fail(sealedError, err.message);
    if ([403, 404, 409].includes(err.status)) {
      sendButton.hidden = true;
      challengeButton.hidden = true;
      sealedBox.querySelector('[data-home]').hidden = false;
      sealed = null;
    }
  }

  async function send(kind) {
    if (busy || !sealed) return; // a double tap, or nothing encrypted any more
    busy = true;
    sealedError.hidden = true;
    sendButton.disabled = true;
    challengeButton.disabled = true;
    (kind === 'cast' ? sendButton : challengeButton).textContent = text('sending');
    const now = sealed;
    try {
      if (kind === 'cast') {
        const answer = await post(api.castApi, { ballot: now.ballot });
        sealed = null; // cast: this encryption is never sent again
        const key = protocol.trackerKey;
        remember(api.poll, now.tracker);
        showReceiptTracker(receiptBox, now.tracker);
        if (answer.tracker && key(answer.tracker) !== key(now.tracker)) {
          const alarm = document.createElement('p');
          alarm.className = 'notice bad';
          alarm.setAttribute('role', 'alert');
          alarm.textContent = text('tracker-differs');
          receiptBox.prepend(alarm);
        }
        show(receiptBox);
      } else {
        await post(api.auditApi, { ballot: now.ballot, reveal: protocol.reveal(now.secrets) });
        sealed = null; // challenged: opened, so never castable; the next encryption draws afresh
        const check = `${api.board}check/${protocol.trackerKey(now.tracker)}/`;
        auditedBox.querySelector('[data-tracker]').textContent = now.tracker;
        auditedBox.querySelector('[data-check-link]').setAttribute('href', check);
        auditedBox.querySelector('[data-qr]').setAttribute('src', `${check}qr.svg`);
        show(auditedBox);
      }
    } catch (err) {
      if (err instanceof Refused) refusedForGood(err);
      else fail(sealedError, text('network'));
    } finally {
      sendButton.disabled = false;
      challengeButton.disabled = false;
      sendButton.textContent = sendLabel;
      challengeButton.textContent = challengeLabel;
      busy = false;
    }
  }

  form.addEventListener('daihoi:confirmed', (event) => encrypt(event.detail));
  setTimeout(() => load().catch(() => {}), 200); // its errors are shown at the tap on "encrypt"
  sendButton.addEventListener('click', () => send('cast'));
  challengeButton.addEventListener('click', () => send('challenge'));
  auditedBox.querySelector('[data-again]').addEventListener('click', () => show(form));
}

// A page restored from the back-forward cache shows a stale state (an encryption already cast): reload it
// so the server says where the voter stands.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});

if (form && confirmBox && sealedBox) ballotPage();
for (const box of document.querySelectorAll('[data-receipt-tracker]')) {
  if (box.closest('#receipt')) continue; // the ballot page's receipt is filled at the cast
  showReceiptTracker(box.parentNode, recalled(box.dataset.poll));
}
