import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { tokens, ApiError } from '../../api/client';
import { auth } from '../../api/endpoints';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert, PageHeader } from '../../components/ui';
import { useAction } from '../../lib/hooks';
import { NewPasswordFields, passwordReady } from './NewPasswordFields';

/** /invitation/:token — the link of an invitation e-mail: choose a password, get in. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { reloadMe } = useAuth();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const accept = useAction(async () => {
    const res = await auth.acceptInvitation(token, password);
    tokens.set(res.accessToken);
    await reloadMe();
    navigate('/mes-groupes', { replace: true });
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (passwordReady(password, confirm)) void accept.run();
  };
  const gone = accept.error instanceof ApiError && accept.error.status === 410;
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <PageHeader title="Accepter l’invitation" lead="Vous avez été invité(e) sur la plateforme de concertation. Choisissez votre mot de passe pour accéder à votre espace." />
        {gone ? (
          <Alert severity="error" role="alert" title="Invitation plus valable" description="Ce lien a déjà servi ou a expiré (il vaut 7 jours). Demandez une nouvelle invitation à la personne qui vous a invité(e)." />
        ) : (
          <ErrorAlert error={accept.error} title="L’invitation n’a pas pu être acceptée" />
        )}
        <form onSubmit={onSubmit} noValidate aria-label="Accepter l’invitation">
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">Votre mot de passe</legend>
            <NewPasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
            <p className="fr-fieldset__element fr-text--sm">Si vous avez déjà un compte sur la plateforme, il est rattaché à l’invitation et garde son mot de passe.</p>
            <div className="fr-fieldset__element">
              <Button type="submit" disabled={accept.running || !passwordReady(password, confirm)}>
                {accept.running ? 'Validation…' : 'Accepter et me connecter'}
              </Button>
            </div>
          </fieldset>
        </form>
      </div>
    </div>
  );
}
