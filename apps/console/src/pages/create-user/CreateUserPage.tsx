import { Paper, Typography } from "@mui/material";
import { usePageTitle } from "../../components/usePageTitle";
import { CreateUserWizard } from "./CreateUserWizard";

export default function CreateUserPage() {
  usePageTitle("Créer un utilisateur");
  return (
    <>
      <Typography variant="h1" gutterBottom>
        Créer un utilisateur
      </Typography>
      <Paper sx={{ p: 3 }}>
        <CreateUserWizard />
      </Paper>
    </>
  );
}
