import { effectiveStatus, todayInFrance } from './milestone.response';
import { toUtcDate } from './dto/create-milestone.dto';

describe('milestone status on read', () => {
  it('is late when the due date has passed and it is not done', () => {
    expect(effectiveStatus('planned', '2026-03-01', '2026-03-02')).toBe('late');
    expect(effectiveStatus('in_progress', '2026-03-01', '2026-03-02')).toBe('late');
    expect(effectiveStatus('done', '2026-03-01', '2026-03-02')).toBe('done');
    expect(effectiveStatus('planned', '2026-03-02', '2026-03-02')).toBe('planned'); // due today is not late yet
    expect(effectiveStatus('in_progress', '2026-12-31', '2026-03-02')).toBe('in_progress');
  });

  it('counts days in French time', () => {
    expect(todayInFrance(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // 00:30 in Paris (UTC+2)
    expect(todayInFrance(new Date('2026-01-15T22:30:00Z'))).toBe('2026-01-15'); // 23:30 in Paris (UTC+1)
  });
});

describe('dueDate input', () => {
  it('keeps the UTC date of an ISO-8601 date-time and leaves anything else to the checks', () => {
    expect(toUtcDate('2027-06-30')).toBe('2027-06-30');
    expect(toUtcDate('2027-06-30T23:59:59.999Z')).toBe('2027-06-30');
    expect(toUtcDate('2027-07-01T01:00:00+02:00')).toBe('2027-06-30');
    expect(toUtcDate('2027-06-30T22:00:00-03:00')).toBe('2027-07-01');
    expect(toUtcDate('2027-06-30T12:00')).toBe('2027-06-30');
    expect(toUtcDate('2027-02-30T00:00:00Z')).toBe('2027-02-30T00:00:00Z');
    expect(toUtcDate('2027-06-30T24:30:00Z')).toBe('2027-06-30T24:30:00Z');
    expect(toUtcDate(42)).toBe(42);
  });
});
