// Signed-in pages must never come back from the browser's back/forward cache after sign-out: a page restored
// from memory is reloaded, so the server decides again (and sends a signed-out browser to the login page).
window.addEventListener('pageshow', function (event) {
    if (event.persisted) {
        window.location.reload();
    }
});

// Sudo mode: after re-authentication the held request is resubmitted at once (the page also offers a button).
document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('form[data-autosubmit]');
    if (form) {
        form.submit();
    }
});
