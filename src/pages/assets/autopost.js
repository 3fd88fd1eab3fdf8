// SAML's HTTP-POST binding: the form carrying the Response goes to the application at once (its button serves without scripts).
(function () {
  var form = document.querySelector('form[data-autopost]');
  if (form) form.submit();
})();
