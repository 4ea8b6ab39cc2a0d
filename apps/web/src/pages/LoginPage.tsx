import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { useAuth } from '../auth/AuthContext';
import { GeneralErrors, PageHeader } from '../components/ui';
import { splitErrors } from '../lib/errors';

/** Only paths of this app, never another site (open redirect). */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/connexion') ? value : '/';
}

export function LoginPage() {
  const { login, me, token } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const back = safeReturn(params.get('retour'));

  if (token && me && !busy) return <Navigate to={back} replace />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(back, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const errs = splitErrors(error, ['email', 'password']);
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <PageHeader title="Connexion à Concertation" />
        {params.get('expiree') && (
          <Alert className="fr-mb-3w" severity="warning" title="Session expirée" description="Votre session a expiré ou n’est plus valide : reconnectez-vous pour continuer." />
        )}
        <GeneralErrors title="Connexion impossible" messages={errs.general} />
        <form onSubmit={onSubmit} noValidate aria-label="Se connecter">
          <fieldset className="fr-fieldset">
            <legend className="fr-fieldset__legend">Identifiez-vous avec votre compte de la plateforme</legend>
            <div className="fr-fieldset__element">
              <Input
                label="Adresse e-mail"
                hintText="Format attendu : prenom.nom@administration.fr"
                state={errs.fields.email ? 'error' : 'default'}
                stateRelatedMessage={errs.fields.email?.join(' ; ')}
                nativeInputProps={{
                  type: 'email',
                  name: 'email',
                  autoComplete: 'username',
                  required: true,
                  value: email,
                  onChange: (e) => setEmail(e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element">
              <PasswordInput
                label="Mot de passe"
                messagesHint=""
                messages={errs.fields.password?.map((m) => ({ message: m, severity: 'error' as const })) ?? []}
                nativeInputProps={{
                  name: 'password',
                  autoComplete: 'current-password',
                  required: true,
                  value: password,
                  onChange: (e) => setPassword(e.target.value),
                }}
              />
            </div>
            <div className="fr-fieldset__element">
              <Button type="submit" disabled={busy} iconId="fr-icon-lock-line">
                {busy ? 'Connexion…' : 'Se connecter'}
              </Button>
            </div>
          </fieldset>
        </form>
        <p className="fr-text--sm fr-mt-3w">
          Votre compte est créé par l’administrateur de la plateforme. Mot de passe oublié : contactez l’administrateur de votre programme.
        </p>
      </div>
    </div>
  );
}
