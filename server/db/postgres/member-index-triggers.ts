import { WATCHED } from '../migrations/20261213T0100-member-index-version';
import { versionTriggers } from './version-triggers';

// PostgreSQL's part of migration 20261213T0100-member-index-version, in the state it leaves SQLite in:
// member_index_version moves when a statement inserted or deleted a row of members or activity_sharers,
// deleted an activity, or changed a watched column of a member or an activity.
export const { up, down } = versionTriggers('member_index', 'member_index_version', WATCHED);
