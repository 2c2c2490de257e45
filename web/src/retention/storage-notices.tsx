// The console's header notices for those who watch storage (retention.read): a camera recording less than its
// retention, a volume near full, retention no longer met after disk-full deletions. Asked every 20 s.
import { Link } from 'react-router-dom';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { noticesSummary, type StorageNoticeShape } from './retention-format.js';
import { useApiData } from './use-api-data.js';
import './retention.css';

interface NoticesAnswer {
  readonly retention: { readonly retentionMet: boolean };
  readonly notices: readonly StorageNoticeShape[];
}

export function StorageNotices() {
  const user = useUser();
  const answer = useApiData<NoticesAnswer>(can(user, 'retention.read') ? '/api/storage/notices' : null, 'Lecture des alertes de stockage', 20_000);
  const data = answer.data;
  if (data === null || (data.notices.length === 0 && data.retention.retentionMet)) return null;
  return (
    <div className="storage-notices" role="alert" data-testid="storage-notices">
      {noticesSummary(data.notices, data.retention.retentionMet).map((line) => (
        <span key={line}>{line}</span>
      ))}
      <Link to="/stockage">Voir l’état du stockage</Link>
    </div>
  );
}
