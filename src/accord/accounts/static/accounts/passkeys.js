// After a passkey is added, reload the two-factor page so it lists the passkey (and shows
// recovery codes the first time). Kept in a file, not inline, for the Content-Security-Policy.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
