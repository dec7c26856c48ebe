// « Accessibilité : partiellement conforme »: what the console claims, criterion by criterion (RGAA 4.1),
// and what is not met yet. The e2e suite checks every screen and dialog of the guide with axe-core at
// 1280×800 and 390×844 (e2e/tests/accessibilite-et-affichage.test.ts); the rest was checked by hand.
import { Box, Link, List, ListItem, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import { usePageTitle } from "../../components/usePageTitle";
import { ScrollX } from "../../components/ScrollX";

type State = "Respecté" | "Partiellement respecté" | "Non respecté";

const CRITERIA: [string, string, State, string][] = [
  ["1.1", "Chaque image porteuse d'information a-t-elle une alternative textuelle ?", "Respecté", "Logo et photos de profil."],
  [
    "3.2",
    "Le contraste entre la couleur du texte et la couleur de son arrière-plan est-il suffisamment élevé ?",
    "Respecté",
    "Vérifié par axe-core sur chaque écran.",
  ],
  [
    "3.3",
    "Les couleurs utilisées dans les composants d'interface sont-elles suffisamment contrastées ?",
    "Respecté",
    "Bordures de champs et repère de focus.",
  ],
  ["6.1", "Chaque lien est-il explicite ?", "Respecté", ""],
  [
    "7.1",
    "Chaque script est-il, si nécessaire, compatible avec les technologies d'assistance ?",
    "Partiellement respecté",
    "L'arborescence des structures ne suit pas entièrement le motif « treeview ».",
  ],
  ["7.3", "Chaque script est-il contrôlable par le clavier et par tout dispositif de pointage ?", "Respecté", ""],
  [
    "7.5",
    "Les messages de statut sont-ils correctement restitués par les technologies d'assistance ?",
    "Respecté",
    "Confirmations et erreurs annoncées.",
  ],
  ["8.3", "Dans chaque page web, la langue par défaut est-elle présente ?", "Respecté", ""],
  ["8.6", "Pour chaque page web ayant un titre de page, ce titre est-il pertinent ?", "Respecté", "Chaque écran nomme la page."],
  ["9.1", "Dans chaque page web, l'information est-elle structurée par l'utilisation appropriée de titres ?", "Respecté", ""],
  [
    "9.2",
    "Dans chaque page web, la structure du document est-elle cohérente ?",
    "Respecté",
    "Bandeau, menu principal, contenu, pied de page.",
  ],
  ["9.3", "Dans chaque page web, chaque liste est-elle correctement structurée ?", "Respecté", ""],
  ["10.7", "Dans chaque page web, pour chaque élément recevant le focus, la prise de focus est-elle visible ?", "Respecté", ""],
  [
    "10.11",
    "Les contenus peuvent-ils être présentés sans défilement horizontal pour une fenêtre de 320 px de large ?",
    "Partiellement respecté",
    "Vérifié à 390 px de large (les tableaux défilent seuls) ; pas encore à 320 px.",
  ],
  ["11.1", "Chaque champ de formulaire a-t-il une étiquette ?", "Respecté", ""],
  ["11.2", "Chaque étiquette associée à un champ de formulaire est-elle pertinente ?", "Respecté", ""],
  [
    "11.10",
    "Dans chaque formulaire, le contrôle de saisie est-il utilisé de manière pertinente ?",
    "Partiellement respecté",
    "Les champs obligatoires sont signalés ; certains messages d'erreur restent affichés jusqu'à la validation suivante.",
  ],
  [
    "12.7",
    "Dans chaque page web, un lien d'évitement ou d'accès rapide à la zone de contenu principal est-il présent ?",
    "Respecté",
    "« Aller au contenu ».",
  ],
  ["12.8", "Dans chaque page web, l'ordre de tabulation est-il cohérent ?", "Respecté", ""],
];

export default function AccessibilityPage() {
  usePageTitle("Accessibilité");
  return (
    <Paper sx={{ p: { xs: 2, sm: 3 }, maxWidth: 1000 }}>
      <Typography variant="h1" gutterBottom>
        Accessibilité : partiellement conforme
      </Typography>
      <Typography sx={{ mb: 2 }}>
        L'Annuaire des identités et des accès est partiellement conforme au référentiel général d'amélioration de l'accessibilité (RGAA 4.1)
        : les critères ci-dessous sont ceux que la console revendique, avec leur état. Chaque écran et chaque dialogue du guide est vérifié
        automatiquement (axe-core) sur un écran d'ordinateur (1280 × 800) et de téléphone (390 × 844) : aucun défaut grave ou critique, et
        aucune page ne défile horizontalement.
      </Typography>
      <Box sx={{ mb: 3 }}>
        <ScrollX label="Critères RGAA (défilement horizontal)">
          <Table size="small" aria-label="Critères RGAA vérifiés">
            <TableHead>
              <TableRow>
                <TableCell>Critère</TableCell>
                <TableCell>Intitulé</TableCell>
                <TableCell>État</TableCell>
                <TableCell>Remarque</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {CRITERIA.map(([id, title, state, note]) => (
                <TableRow key={id}>
                  <TableCell>{id}</TableCell>
                  <TableCell sx={{ minWidth: 220 }}>{title}</TableCell>
                  <TableCell>{state}</TableCell>
                  <TableCell sx={{ minWidth: 160 }}>{note}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollX>
      </Box>
      <Typography variant="h2" gutterBottom>
        Contenus non accessibles
      </Typography>
      <List dense sx={{ listStyle: "disc", pl: 3, mb: 2 }}>
        <ListItem sx={{ display: "list-item" }}>
          Critère 7.1 : l'arborescence des structures ne suit pas encore entièrement le motif « treeview » des lecteurs d'écran.
        </ListItem>
        <ListItem sx={{ display: "list-item" }}>Critère 10.11 : l'affichage n'est pas encore vérifié à 320 px de large.</ListItem>
        <ListItem sx={{ display: "list-item" }}>
          Critère 11.10 : dans certains formulaires, un message d'erreur reste affiché sous un champ corrigé jusqu'à la validation suivante.
        </ListItem>
        <ListItem sx={{ display: "list-item" }}>
          Aucun audit RGAA complet n'a encore été réalisé, ni d'essai avec les lecteurs d'écran (NVDA, JAWS, VoiceOver).
        </ListItem>
      </List>
      <Typography sx={{ mb: 2 }}>
        Signaler un défaut d'accessibilité : <Link href="mailto:correspondantCIG@cig929394.fr">correspondantCIG@cig929394.fr</Link>
      </Typography>
    </Paper>
  );
}
