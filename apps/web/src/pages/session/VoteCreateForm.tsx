import { useState, type FormEvent } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { votes as votesApi } from '../../api/endpoints';
import type { CreateVoteBody, Recommendation, ResultsVisibility, Version, Vote, VoteMethod, VoteScope } from '../../api/types';
import { GeneralErrors } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { useAction } from '../../lib/hooks';
import { RESULTS_VISIBILITY, VOTE_METHOD, VOTE_SCOPE } from '../../lib/labels';

export interface VersionChoice {
  rec: Recommendation;
  version: Version;
}

/** Facilitators: prepare a vote of the session on frozen versions (or labelled options). */
export function VoteCreateForm({
  workingGroupId,
  sessionId,
  choices,
  preset,
  onCreated,
}: {
  workingGroupId: string;
  sessionId: string;
  choices: VersionChoice[];
  preset?: VersionChoice | null;
  onCreated: (v: Vote) => void;
}) {
  const key = (c: VersionChoice) => c.version.id;
  const [title, setTitle] = useState(preset ? `Adoption : ${preset.rec.title} (version ${preset.version.number})` : '');
  const [method, setMethod] = useState<VoteMethod>('approval');
  const [versionId, setVersionId] = useState(preset ? key(preset) : (choices[0]?.version.id ?? ''));
  const [selected, setSelected] = useState<string[]>(preset ? [key(preset)] : []);
  const [labels, setLabels] = useState('');
  const [secret, setSecret] = useState(false);
  const [visibility, setVisibility] = useState<ResultsVisibility>('live');
  const [scope, setScope] = useState<VoteScope>('member');
  const [threshold, setThreshold] = useState('50');
  const [quorum, setQuorum] = useState('');
  const [doubleMajority, setDoubleMajority] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});

  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    let options: CreateVoteBody['options'];
    if (method === 'majority_judgment') {
      const extra = labels
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((label) => ({ label }));
      options = [...selected.map((id) => ({ versionId: id })), ...extra];
      if (options.length < 2) errs.options = 'Le jugement majoritaire compare au moins deux options.';
    } else {
      options = versionId ? [{ versionId }] : [];
      if (!versionId) errs.options = 'Choisissez la version soumise au vote (figez d’abord le texte si besoin).';
    }
    if (!title.trim()) errs.title = 'Donnez un intitulé au vote.';
    const t = Number(threshold.replace(',', '.'));
    const q = quorum.trim() ? Number(quorum.replace(',', '.')) : undefined;
    if (method === 'approval' && (!Number.isFinite(t) || t < 0 || t >= 100)) errs['rules.threshold'] = 'Seuil entre 0 et 99 %.';
    if (q !== undefined && (!Number.isFinite(q) || q < 0 || q > 100)) errs['rules.quorum'] = 'Quorum entre 0 et 100 %.';
    if (secret && visibility === 'live') errs.resultsVisibility = 'Un vote secret ne publie ses résultats qu’à la clôture.';
    setLocal(errs);
    if (Object.keys(errs).length) return;
    const rules: CreateVoteBody['rules'] = {};
    if (method === 'approval') {
      rules.threshold = t / 100;
      if (doubleMajority) rules.doubleMajority = true;
    }
    if (q !== undefined && method !== 'majority_judgment') rules.quorum = q / 100;
    const vote = await votesApi.create({
      workingGroupId,
      sessionId,
      title: title.trim(),
      method,
      options,
      rules,
      scope,
      secret,
      resultsVisibility: visibility,
    });
    onCreated(vote);
  });
  const server = splitErrors(create.error, ['title', 'method', 'options', 'rules.threshold', 'rules.quorum', 'rules', 'scope', 'secret', 'resultsVisibility']);
  const err = (f: string) => local[f] ?? server.fields[f]?.join(' ; ');
  const choiceLabel = (c: VersionChoice) => `${c.rec.title} — version ${c.version.number}`;

  return (
    <form onSubmit={create.run} className="cc-panel" aria-labelledby="nouveau-vote" noValidate>
      <h3 id="nouveau-vote" className="fr-h5">
        Préparer un vote
      </h3>
      <GeneralErrors messages={server.general} title="Le vote n’a pas été créé" />
      <Input
        label="Intitulé du vote"
        state={err('title') ? 'error' : 'default'}
        stateRelatedMessage={err('title')}
        nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value), maxLength: 200 }}
      />
      <RadioButtons
        legend="Méthode de vote"
        name="method"
        state={err('method') ? 'error' : 'default'}
        stateRelatedMessage={err('method')}
        options={(['approval', 'majority_judgment', 'consent'] as VoteMethod[]).map((m) => ({
          label: VOTE_METHOD[m],
          hintText:
            m === 'approval'
              ? 'Sur une version : pour, contre ou abstention, avec seuil, quorum et double majorité possibles.'
              : m === 'majority_judgment'
                ? 'Plusieurs options notées de « Excellent » à « À rejeter ».'
                : 'Adopté s’il n’y a aucune objection motivée.',
          nativeInputProps: { value: m, checked: method === m, onChange: () => setMethod(m) },
        }))}
      />
      {method !== 'majority_judgment' ? (
        <Select
          label="Version soumise au vote"
          hint="Seules les versions figées peuvent être votées."
          state={err('options') ? 'error' : 'default'}
          stateRelatedMessage={err('options')}
          nativeSelectProps={{ name: 'versionId', value: versionId, onChange: (e) => setVersionId(e.target.value) }}
        >
          <option value="">Choisir une version</option>
          {choices.map((c) => (
            <option key={key(c)} value={key(c)}>
              {choiceLabel(c)}
            </option>
          ))}
        </Select>
      ) : (
        <>
          <Checkbox
            legend="Versions en concurrence"
            state={err('options') ? 'error' : 'default'}
            stateRelatedMessage={err('options')}
            options={choices.map((c) => ({
              label: choiceLabel(c),
              nativeInputProps: {
                value: key(c),
                checked: selected.includes(key(c)),
                onChange: (e) => setSelected((s) => (e.target.checked ? [...s, key(c)] : s.filter((x) => x !== key(c)))),
              },
            }))}
          />
          <Input
            textArea
            label="Autres options (une par ligne, facultatif)"
            hintText="Par exemple des variantes rédactionnelles ou des priorités à classer."
            nativeTextAreaProps={{ rows: 3, value: labels, onChange: (e) => setLabels(e.target.value) }}
          />
        </>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Décompte"
            state={err('scope') ? 'error' : 'default'}
            stateRelatedMessage={err('scope')}
            nativeSelectProps={{ value: scope, onChange: (e) => setScope(e.target.value as VoteScope) }}
          >
            {(['member', 'organization'] as VoteScope[]).map((s) => (
              <option key={s} value={s}>
                {VOTE_SCOPE[s]}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Select
            label="Publication des résultats"
            state={err('resultsVisibility') ? 'error' : 'default'}
            stateRelatedMessage={err('resultsVisibility')}
            nativeSelectProps={{ value: visibility, onChange: (e) => setVisibility(e.target.value as ResultsVisibility) }}
          >
            {(['live', 'after_close'] as ResultsVisibility[]).map((s) => (
              <option key={s} value={s}>
                {RESULTS_VISIBILITY[s]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <Checkbox
        options={[
          {
            label: 'Scrutin secret',
            hintText: 'Qui a voté est enregistré, mais jamais ce que chacun a voté. Les résultats ne sont publiés qu’à la clôture.',
            nativeInputProps: {
              checked: secret,
              onChange: (e) => {
                setSecret(e.target.checked);
                if (e.target.checked) setVisibility('after_close');
              },
            },
          },
        ]}
      />
      {method === 'approval' && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Seuil d’adoption (%)"
              hintText="« Pour » doit dépasser strictement ce pourcentage des suffrages exprimés."
              state={err('rules.threshold') ? 'error' : 'default'}
              stateRelatedMessage={err('rules.threshold')}
              nativeInputProps={{ inputMode: 'decimal', value: threshold, onChange: (e) => setThreshold(e.target.value) }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input
              label="Quorum (% des inscrits, facultatif)"
              state={err('rules.quorum') ? 'error' : 'default'}
              stateRelatedMessage={err('rules.quorum')}
              nativeInputProps={{ inputMode: 'decimal', value: quorum, onChange: (e) => setQuorum(e.target.value) }}
            />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Checkbox
              options={[
                {
                  label: 'Double majorité',
                  hintText: 'Seuil atteint dans le collège État et dans le collège local.',
                  nativeInputProps: { checked: doubleMajority, onChange: (e) => setDoubleMajority(e.target.checked) },
                },
              ]}
            />
          </div>
        </div>
      )}
      {method === 'consent' && (
        <Input
          label="Quorum (% des inscrits, facultatif)"
          state={err('rules.quorum') ? 'error' : 'default'}
          stateRelatedMessage={err('rules.quorum')}
          nativeInputProps={{ inputMode: 'decimal', value: quorum, onChange: (e) => setQuorum(e.target.value) }}
        />
      )}
      <Button type="submit" disabled={create.running} iconId="fr-icon-survey-line">
        Créer le vote
      </Button>
    </form>
  );
}
