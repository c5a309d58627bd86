"""``ep-tui aide [SUJET]``: what ``--help`` cannot say in a line, in plain text (a screen reader
reads it as it reads the rest: no table, no box)."""

from __future__ import annotations

TOPICS: dict[str, tuple[str, str]] = {
    "formats": (
        "Les formats de sortie",
        """\
--format texte (par défaut) : une demande, un organisme ou un chiffre après l'autre, une
valeur par ligne précédée de son libellé (« Statut : Pris en charge »), une ligne vide entre
deux éléments, les dates en heure de Paris (« 18/11/2026 à 15h38 »). Ni cadre, ni couleur, ni
séquence d'échappement : c'est la sortie à lire avec un lecteur d'écran ou à filtrer (grep).

--format json : les modèles de l'API du portail, tels que le serveur les envoie (voir
docs/API.md). Le schéma est celui de l'API : il ne change pas avec la version de l'application.
« ep-tui aide schema > schema.json » l'écrit (JSON Schema 2020-12), pour valider une sortie.

--format csv : pour un tableur français, en UTF-8 avec BOM, « ; » entre les colonnes, une
ligne d'en-tête, virgule décimale ; une cellule qui commencerait par = + - @ est protégée.
demandes et demande : les colonnes de l'export de l'historique ; statistiques : les tableaux
du COPIL, une ligne par ligne de tableau ; organismes : une ligne par organisme ; a-traiter :
une ligne par chose à faire, les plus urgentes d'abord.
""",
    ),
    "codes": (
        "Les codes de sortie",
        """\
0  succès
1  erreur interne (un défaut de l'application : le message le dit) ;
   pour « doctor » : une vérification autre que le serveur a échoué
2  commande, option ou fichier invalide
3  authentification : pas de mot de passe, mot de passe refusé, session refusée
4  introuvable : demande, organisme ou pièce jointe (ou pas de votre structure)
5  refusé par les règles du portail : un champ, un état, une limite, un doublon
6  serveur injoignable, ou en panne
130  interrompu (Ctrl+C)
Un lecteur qui s'arrête avant la fin (« | head ») n'est pas une erreur : 0.
Les erreurs vont sur la sortie d'erreur, en français, avec le nom du champ en cause.
""",
    ),
    "fichier": (
        "Le fichier d'une demande à déposer (ep-tui deposer)",
        """\
Un fichier TOML (ou JSON, mêmes clés) : « offre » (le code de l'offre de service),
« organisme » (facultatif), puis les champs du formulaire sous leur nom du catalogue, et
« pieces_jointes », les fichiers à joindre, chemins relatifs au fichier. Par exemple :

  offre = "etude"
  organisme = "331"
  motif = "Demande d'aide financière"
  civilite = "Monsieur"
  nom = "Prince"
  prenom = "marius"
  date_naissance = "05/05/1960"
  lieu_naissance = "27"
  telephone = "07.00.00.00.00"
  commentaire = "Aide pour des lunettes, devis joint."
  pieces_jointes = ["devis.pdf"]

Tout est vérifié avant le moindre envoi, par les règles du formulaire de l'application :
offre ou motif inconnu, champ manquant, fichier d'un autre type ou de plus de 5 Mo. Un choix
refusé ou manquant donne les choix de l'organisme, un champ inconnu les champs de l'offre :
« ep-tui deposer FICHIER --verifier » les montre sans rien envoyer. Une demande en cours
pour la même personne et le même objet arrête le dépôt (--deposer-quand-meme pour déposer
quand même). Relancer la même commande après une réponse perdue ne dépose pas deux fois : le
serveur redonne le numéro déjà attribué.
""",
    ),
    "confidentialite": (
        "Données personnelles et mot de passe",
        """\
Le mot de passe n'est jamais une option : « ep-tui connexion » le demande sans l'afficher,
le vérifie et le garde dans le trousseau du système ; « ep-tui deconnexion » l'oublie. Sans
trousseau, chaque commande le demande, ou le lit sur l'entrée standard avec
--mot-de-passe-stdin. Aucune session n'est gardée sur le disque.

Les commandes n'écrivent aucun journal. Ce qu'elles gardent : l'identifiant et le dernier
organisme (state.json), et, pour « deposer », l'empreinte de chaque dépôt pendant 7 jours
(filings.json) — rien de la personne. Les pièces jointes téléchargées ne sont lisibles que
par vous. Ce que vous redirigez vers un fichier contient des données personnelles : gardez-le
pour vous, et effacez-le quand il ne sert plus.
""",
    ),
    "schema": ("Le schéma JSON de --format json (JSON Schema 2020-12)", ""),
}


def text(topic: str | None) -> str:
    if topic is None:
        listed = "\n".join(f"  {name:<17}{title}" for name, (title, _) in TOPICS.items())
        return (f"Sujets d'aide (ep-tui aide SUJET) :\n{listed}\n"
                "Et pour chaque commande : ep-tui COMMANDE --help.\n")  # fmt: skip
    if topic == "schema":  # alone, to be redirected to a file
        from ep_tui.cli.schema import PATH

        return PATH.read_text(encoding="utf-8")
    title, body = TOPICS[topic]
    return f"{title}\n\n{body}"
