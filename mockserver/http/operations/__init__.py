"""Each operation's call planned once: Connexion's parts made once, the call from request to
handler and back, the methods each path accepts, and where handlers run."""
