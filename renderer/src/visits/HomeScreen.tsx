import { useCallback, useEffect, useState } from 'react';
import type { PatientSummary } from '../../../shared/domain/patient';
import type { VisitListItem, VisitStatus } from '../../../shared/domain/visit';
import { client } from '../api/client';
import { NewPatientForm } from '../patients/NewPatientForm';
import { ScheduleVisitForm } from './ScheduleVisitForm';
import { VisitList } from './VisitList';

export function HomeScreen() {
  const [visits, setVisits] = useState<VisitListItem[]>([]);
  const [patients, setPatients] = useState<PatientSummary[]>([]);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<VisitStatus | ''>('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [lastPatientId, setLastPatientId] = useState('');

  const loadVisits = useCallback(async () => {
    setLoading(true);
    try {
      const page = await client.listVisits({
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(status ? { status } : {}),
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

  return (
    <div className="home">
      <VisitList
        items={visits}
        search={search}
        status={status}
        onSearch={setSearch}
        onStatus={setStatus}
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
      </div>
    </div>
  );
}
