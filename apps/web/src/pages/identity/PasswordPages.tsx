import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { ApiError } from '../../api/client';
import { auth } from '../../api/endpoints';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { useAction } from '../../lib/hooks';
import { NewPasswordFields, passwordReady } from './NewPasswordFields';

/** /mot-de-passe-oublie — asks for a reset link; the answer never tells whether the account exists. */
export function PasswordForgotPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const request = useAction(async () => {
    await auth.requestPasswordReset(email.trim());
    setSent(true);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void request.run();
  };
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <PageHeader title="Mot de passe oublié" lead="Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe." />
        {sent ? (
          <Alert
            severity="success"
            title="Demande enregistrée"
            description="Si un compte existe pour cette adresse, un e-mail contenant un lien valable une heure vient de lui être envoyé. Pensez à vérifier vos courriers indésirables."
          />
        ) : (
          <>
            <ErrorAlert error={request.error} title="La demande n’a pas pu être envoyée" />
            <form onSubmit={onSubmit} noValidate aria-label="Demander un lien de réinitialisation">
              <Input
                label="Adresse e-mail"
                hintText="Format attendu : prenom.nom@administration.fr"
                nativeInputProps={{ type: 'email', name: 'email', autoComplete: 'username', required: true, value: email, onChange: (e) => setEmail(e.target.value) }}
              />
              <Button type="submit" disabled={request.running || !email.includes('@')}>
                {request.running ? 'Envoi…' : 'Recevoir un lien'}
              </Button>
            </form>
          </>
        )}
        <p className="fr-mt-3w">
          <Link className="fr-link" to="/connexion">
            Retour à la connexion
          </Link>
        </p>
      </div>
    </div>
  );
}

/** /mot-de-passe/nouveau/:token — the link of the reset e-mail. */
export function PasswordResetPage() {
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const reset = useAction(async () => {
    await auth.confirmPasswordReset(token, password);
    setDone(true);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (passwordReady(password, confirm)) void reset.run();
  };
  const gone = reset.error instanceof ApiError && reset.error.status === 410;
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <PageHeader title="Nouveau mot de passe" />
        {done ? (
          <Alert severity="success" title="Mot de passe modifié" description={<Link to="/connexion">Connectez-vous avec votre nouveau mot de passe.</Link>} />
        ) : (
          <>
            {gone ? (
              <Alert severity="error" role="alert" title="Lien plus valable" description={<>Ce lien a déjà servi ou a expiré (il vaut une heure). <Link to="/mot-de-passe-oublie">Demandez un nouveau lien.</Link></>} />
            ) : (
              <ErrorAlert error={reset.error} title="Le mot de passe n’a pas été modifié" />
            )}
            <form onSubmit={onSubmit} noValidate aria-label="Choisir un nouveau mot de passe">
              <fieldset className="fr-fieldset">
                <legend className="fr-fieldset__legend">Choisissez votre nouveau mot de passe</legend>
                <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
                <div className="fr-fieldset__element">
                  <Button type="submit" disabled={reset.running || !passwordReady(password, confirm)}>
                    {reset.running ? 'Enregistrement…' : 'Enregistrer le mot de passe'}
                  </Button>
                </div>
              </fieldset>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
