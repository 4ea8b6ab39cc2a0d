import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ProConnectButton } from '@codegouvfr/react-dsfr/ProConnectButton';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { useAuth } from '../auth/AuthContext';
import { auth } from '../api/endpoints';
import { GeneralErrors, Loading, PageHeader } from '../components/ui';
import { splitErrors } from '../lib/errors';
import { useAsync } from '../lib/hooks';

/** Why a ProConnect sign-in came back without a session (`/connexion?erreur=`). */
const OIDC_ERRORS: Record<string, string> = {
  etat_invalide: 'La demande de connexion a expiré ou a déjà servi. Recommencez la connexion avec ProConnect.',
  jeton_invalide: 'La réponse du fournisseur d’identité n’a pas pu être vérifiée. Recommencez ; si le problème persiste, contactez l’administrateur.',
  compte_inconnu: 'Aucun compte de la plateforme ne correspond à votre identité ProConnect. Demandez une invitation à l’administrateur de votre programme.',
  fournisseur: 'Le fournisseur d’identité n’a pas pu être joint ou a refusé la connexion. Réessayez dans un instant.',
  desactive: 'La connexion avec ProConnect n’est pas activée sur cette plateforme.',
  code_invalide: 'La connexion n’a pas pu être finalisée (lien de retour expiré ou déjà utilisé). Recommencez la connexion.',
};

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
  const providers = useAsync(() => auth.providers(), []);
  const oidcError = params.get('erreur');

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
        {oidcError && (
          <Alert className="fr-mb-3w" severity="error" role="alert" title="Connexion avec ProConnect impossible" description={OIDC_ERRORS[oidcError] ?? OIDC_ERRORS.fournisseur} />
        )}
        <GeneralErrors title="Connexion impossible" messages={errs.general} />
        {providers.loading && !providers.data && <Loading label="Chargement des moyens de connexion…" />}
        {providers.data?.oidc && (
          <section className="fr-mb-5w" aria-labelledby="titre-proconnect">
            <h2 id="titre-proconnect" className="fr-h5">
              Agents publics et élus
            </h2>
            <ProConnectButton url={`${providers.data.oidc.loginUrl}?returnTo=${encodeURIComponent(back)}`} />
          </section>
        )}
        {(providers.data?.password ?? !providers.loading) && (
          <>
            {providers.data?.oidc && (
              <p className="fr-hr-or" role="separator">
                ou
              </p>
            )}
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
                  <p className="fr-mt-1w">
                    <Link className="fr-link fr-text--sm" to="/mot-de-passe-oublie">
                      Mot de passe oublié ?
                    </Link>
                  </p>
                </div>
                <div className="fr-fieldset__element">
                  <Button type="submit" disabled={busy} iconId="fr-icon-lock-line">
                    {busy ? 'Connexion…' : 'Se connecter'}
                  </Button>
                </div>
              </fieldset>
            </form>
          </>
        )}
        <p className="fr-text--sm fr-mt-3w">Votre compte est créé par l’administrateur de la plateforme ou par une invitation reçue par e-mail.</p>
      </div>
    </div>
  );
}
