import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';

/** A new password and its confirmation (8 characters at least, as the API requires). */
export function NewPasswordFields({ password, confirm, onPassword, onConfirm, errors }: { password: string; confirm: string; onPassword: (v: string) => void; onConfirm: (v: string) => void; errors?: string[] }) {
  const mismatch = confirm.length > 0 && confirm !== password;
  return (
    <>
      <div className="fr-fieldset__element">
        <PasswordInput
          label="Nouveau mot de passe"
          messagesHint="Votre mot de passe doit contenir :"
          messages={[
            { message: '8 caractères minimum', severity: password.length >= 8 ? 'valid' : 'info' },
            ...(errors ?? []).map((m) => ({ message: m, severity: 'error' as const })),
          ]}
          nativeInputProps={{ name: 'password', autoComplete: 'new-password', required: true, minLength: 8, value: password, onChange: (e) => onPassword(e.target.value) }}
        />
      </div>
      <div className="fr-fieldset__element">
        <PasswordInput
          label="Confirmez le mot de passe"
          messagesHint=""
          messages={mismatch ? [{ message: 'Les deux mots de passe ne sont pas identiques', severity: 'error' }] : []}
          nativeInputProps={{ name: 'confirm', autoComplete: 'new-password', required: true, value: confirm, onChange: (e) => onConfirm(e.target.value) }}
        />
      </div>
    </>
  );
}

export const passwordReady = (password: string, confirm: string) => password.length >= 8 && password === confirm;
