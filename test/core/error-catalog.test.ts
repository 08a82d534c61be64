// The error catalog: known codes explain themselves, RSV rows with only a number and Azure's message still resolve,
// unknown codes fall back to Azure's own words, and every failure the Azure stand-in produces is covered.
import {
  ERROR_CATALOG,
  explainError,
  findErrorEntry,
  findErrorEntryByMessage,
  findErrorEntryByNumber,
} from '../../src/core/error-catalog';
import { ERROR_CATALOG as STAND_IN_ERRORS, toRsvJobError } from '../../src/sim/estate/error-catalog';

describe('known codes', () => {
  test('a readable code gives our cause, fix and a Learn link; Azure’s recommendations are kept beside them', () => {
    const e = explainError({
      code: 'UserErrorGuestAgentStatusUnavailable',
      message: 'VM Agent unable to communicate with Azure Backup',
      recommendations: ['Ensure the VM agent is running.'],
    });
    expect(e).toMatchObject({
      code: 'UserErrorGuestAgentStatusUnavailable',
      known: true,
      matchedBy: 'code',
      learnUrl: 'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout',
      recommendations: ['Ensure the VM agent is running.'],
      azureMessage: 'VM Agent unable to communicate with Azure Backup',
    });
    expect(e.cause).toMatch(/agent/i);
    expect(e.fix).toMatch(/retry/i);
  });

  test('codes match case-insensitively and through aliases', () => {
    expect(explainError({ code: 'usererrorvmnotindesirablestate' }).code).toBe('UserErrorVmNotInDesirableState');
    expect(explainError({ code: 'BackUpOperationFailedV2' }).code).toBe('BackUpOperationFailed');
    expect(findErrorEntry('SystemBackupOperationInProgress')?.code).toBe('UserErrorBackupOperationInProgress');
  });

  test('a readable code from elsewhere (alert, Log Analytics) wins over the row’s number', () => {
    const e = explainError({ code: '400012', codeName: 'UserErrorSQLPODoesNotExist' }, 'sql');
    expect(e).toMatchObject({ code: 'UserErrorSQLPODoesNotExist', matchedBy: 'code' });
  });

  test('every entry has a cause, a fix and a learn.microsoft.com link, and no code is listed twice', () => {
    const seen = new Set<string>();
    for (const entry of ERROR_CATALOG) {
      for (const code of [entry.code, ...(entry.aliases ?? [])]) {
        expect(seen.has(code.toLowerCase())).toBe(false);
        seen.add(code.toLowerCase());
      }
      expect(entry.cause.length).toBeGreaterThan(10);
      expect(entry.fix.length).toBeGreaterThan(10);
      expect(entry.learnUrl).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\/backup\/[a-z0-9-]+$/);
    }
  });
});

describe('RSV rows: a numeric code and Azure’s message', () => {
  test('a documented number resolves on its own', () => {
    expect(explainError({ code: '320001' })).toMatchObject({ code: 'ResourceNotFound', matchedBy: 'number' });
    expect(findErrorEntryByNumber(400094)?.code).toBe('ResourceNotFound');
    expect(findErrorEntryByNumber('380008')?.code).toBe('AzureVmOffline');
  });

  test('an undocumented number falls back to the message text, tolerant of case, quotes and a trailing period', () => {
    const e = explainError({ code: '400239', message: 'vm agent unable to communicate with Azure Backup.' }, 'vm');
    expect(e).toMatchObject({ code: 'UserErrorGuestAgentStatusUnavailable', known: true, matchedBy: 'message' });
    expect(findErrorEntryByMessage('The VM isn’t in a state that allows backups.')?.code).toBe(
      'UserErrorVmNotInDesirableState',
    );
  });

  test('a message with extra sentences, or quoting a code, still resolves', () => {
    expect(findErrorEntryByMessage('Log chain is broken. Trigger a full backup.')?.code).toBe(
      'UserErrorSQLLSNValidationFailure',
    );
    expect(findErrorEntryByMessage('Operation failed: UserErrorFsFreezeFailed on /mnt/data')?.code).toBe(
      'UserErrorFsFreezeFailed',
    );
  });

  test('the title is tried when the message says nothing we know', () => {
    const e = explainError({ code: '1', message: 'odd', title: 'Remedial Backup in progress' });
    expect(e.code).toBe('UserErrorBackupFailedAsRemedialBackupInProgress');
  });
});

describe('unknown codes', () => {
  test('show Azure’s own message and recommendations, and the workload’s troubleshooting page', () => {
    const e = explainError(
      {
        code: '999999',
        title: 'Something new',
        message: 'A brand-new failure.',
        recommendations: ['  Do the first thing. ', '', 'Then the second.'],
      },
      'hana',
    );
    expect(e).toEqual({
      code: '999999',
      title: 'Something new',
      cause: 'A brand-new failure.',
      fix: 'Do the first thing. Then the second.',
      learnUrl: 'https://learn.microsoft.com/azure/backup/backup-azure-sap-hana-database-troubleshoot',
      known: false,
      azureMessage: 'A brand-new failure.',
      recommendations: ['Do the first thing.', 'Then the second.'],
      matchedBy: 'none',
    });
  });

  test('an error with nothing in it still reads as a sentence', () => {
    const e = explainError({});
    expect(e).toMatchObject({ code: '', title: 'Backup error', known: false });
    expect(e.cause).toBe('Azure gave no message for this error.');
    expect(e.fix).toMatch(/Azure portal/);
  });
});

describe('coverage of what the Azure stand-in produces', () => {
  test.each(STAND_IN_ERRORS.map((e) => [e.code, e] as const))('%s is known by its code', (code) => {
    expect(findErrorEntry(code)).toBeDefined();
  });

  test.each(STAND_IN_ERRORS.filter((e) => e.numericCode !== undefined).map((e) => [e.code, e] as const))(
    'an RSV job row of %s (number + message only) is known',
    (code, error) => {
      const row = toRsvJobError(error);
      const e = explainError({ code: String(row.code), message: row.message, recommendations: row.recommendations });
      expect(e).toMatchObject({ known: true, code });
    },
  );
});

describe('restore-only codes are not offered as backup fixes', () => {
  // backup-azure-vms-troubleshoot.md lists UserErrorSkuNotAvailable under VM *restore* errors ("VM creation failed as
  // VM size selected is not available"): its fix (restore the disks) means nothing for a failed backup.
  test('a backup failing with it gets Azure’s own words, not the restore fix', () => {
    const asBackup = explainError(
      { code: 'UserErrorSkuNotAvailable', message: 'Backup failed.', operation: 'Backup', recommendations: [] },
      'vm',
    );
    expect(asBackup).toMatchObject({ known: false, code: 'UserErrorSkuNotAvailable', cause: 'Backup failed.' });
    expect(asBackup.fix).not.toMatch(/Restore the disks/);
  });

  test('a restore job (or a job of unknown operation, as in the jobs list) still gets it', () => {
    const restore = explainError({ code: 'UserErrorSkuNotAvailable', operation: 'Restore', recommendations: [] }, 'vm');
    expect(restore).toMatchObject({ known: true, title: 'VM size not available' });
    expect(explainError({ code: 'UserErrorSkuNotAvailable', recommendations: [] }, 'vm').known).toBe(true);
  });
});

test('blob errors point at the blob troubleshooting article Microsoft publishes', () => {
  // MicrosoftDocs/azure-docs articles/backup/backup-azure-troubleshoot-blob-backup.md ("Troubleshoot Azure Blob backup").
  expect(explainError({ code: 'UserErrorUnknownBlobThing', recommendations: [] }, 'blobs').learnUrl).toBe(
    'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-blob-backup',
  );
  expect(explainError({ code: 'UserErrorMissingRequiredPermissions', recommendations: [] }, 'blobs').learnUrl).toBe(
    'https://learn.microsoft.com/azure/backup/backup-azure-troubleshoot-blob-backup',
  );
});
