import { useCallback, useEffect, useState } from 'react';
import type { PatientSummary } from '../../../shared/domain/patient';
import type { VisitListItem, VisitStatus } from '../../../shared/domain/visit';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { navigate, visitHref } from '../app/router';
import { NewPatientForm } from '../patients/NewPatientForm';
import { ScheduleVisitForm } from './ScheduleVisitForm';
import { VisitList } from './VisitList';
import { EhrSettingsCard } from '../ehr/EhrSettingsCard';
import { ClinicSettingsCard } from '../clinic/ClinicSettingsCard';
import { VisitServerCard } from '../visit-server/VisitServerCard';
import { EhrScheduleCard } from '../ehr/Schedule';
import { PatientHistory } from '../patients/PatientHistory';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visits.home;

export function HomeScreen() {
  const [visits, setVisits] = useState<VisitListItem[]>([]);
  const [patients, setPatients] = useState<PatientSummary[]>([]);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<VisitStatus | ''>('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [lastPatientId, setLastPatientId] = useState('');
  const [history, setHistory] = useState<{ patientId: string; childName: string } | null>(null);
  const announce = useAnnounce();

  const loadVisits = useCallback(async () => {
    setLoading(true);
    try {
      const page = await client.listVisits({
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(status ? { status } : {}),
        limit: 100,
      });
      setVisits(page.items);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [search, status]);

  const loadPatients = useCallback(async () => {
    try {
      setPatients(await client.listPatients({}));
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void loadVisits();
  }, [loadVisits]);
  useEffect(() => {
    void loadPatients();
  }, [loadPatients]);

  async function addDemo() {
    try {
      const demo = await client.createDemo({});
      announce(t.demoAdded);
      navigate(visitHref(demo.visitId));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function removeDemo(patientId: string) {
    try {
      await client.hideDemo({ patientId });
      announce(t.demoRemoved);
      await Promise.all([loadVisits(), loadPatients()]);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="home">
      {history && <PatientHistory key={history.patientId} patientId={history.patientId} childName={history.childName} onClose={() => setHistory(null)} />}
      <VisitList
        items={visits}
        search={search}
        status={status}
        onSearch={setSearch}
        onStatus={setStatus}
        onRemoveDemo={(id) => void removeDemo(id)}
        onHistory={(patientId, childName) => setHistory({ patientId, childName })}
        loading={loading}
        error={error}
      />
      <div className="home-side">
        <NewPatientForm
          onCreated={(p) => {
            setLastPatientId(p.id);
            void loadPatients();
          }}
        />
        <ScheduleVisitForm
          key={lastPatientId}
          patients={patients}
          selectedPatientId={lastPatientId}
          onScheduled={() => void loadVisits()}
        />
        <ClinicSettingsCard />
        <EhrScheduleCard onPulled={() => void Promise.all([loadVisits(), loadPatients()])} />
        <EhrSettingsCard />
        <VisitServerCard />
        <section className="card" aria-labelledby="demo-title">
          <h2 id="demo-title">{t.demoTitle}</h2>
          <p className="muted">{t.demoText}</p>
          <button type="button" className="button-quiet" onClick={() => void addDemo()}>
            {t.addDemo}
          </button>
        </section>
      </div>
    </div>
  );
}
