import { Init1795438265746 } from './1795438265746-Init';
import { PositionCurrentUnique1795439076397 } from './1795439076397-PositionCurrentUnique';
import { Identity1796200000000 } from './1796200000000-Identity';
import { Amendments1796300000000 } from './1796300000000-Amendments';
import { VoteReceipts1796500000000 } from './1796500000000-VoteReceipts';
import { AmendmentMergeClaim1796600000000 } from './1796600000000-AmendmentMergeClaim';

/** Every migration, in order. A new one is generated with `npm run migration:generate -- Name`. */
export const MIGRATIONS = [Init1795438265746, PositionCurrentUnique1795439076397, Identity1796200000000, Amendments1796300000000, VoteReceipts1796500000000, AmendmentMergeClaim1796600000000];
