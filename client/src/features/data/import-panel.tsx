/**
 * 数据导入: pick a workbook or CSV and upload it → progress → the preview (import-preview.tsx) → 确认导入
 * (or 取消) → the counts written. Nothing is written before the confirmation; a committed import can be
 * undone under 导入记录 (import-history.tsx).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress, Select, Space, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { SHEET_KEYS, SHEETS } from '../../../../shared/import-format';
import {
  IMPORT_STAGES,
  IMPORT_TEMPLATE_PATH,
  type TImportStageKey,
} from '../../../../shared/schemas/import-upload';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams } from '../../lib/router';
import { useSession } from '../auth/session';
import { CountsTable, ImportPreview } from './import-preview';
import { DATA_MESSAGES } from './messages';
import { commitImport, fetchImportProgress, uploadImport } from './upload-import';

export function ImportPanel() {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const user = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState<string>('');
  const [uploaded, setUploaded] = useState(0);
  const canImport = user.role === 'admin' || user.role === 'secretary';
  const check = useMutation({
    mutationFn: (f: File) => {
      setUploaded(0);
      return uploadImport(f, { sheet: sheet || undefined, lang, onUploadProgress: setUploaded });
    },
  });
  const commit = useMutation({
    mutationFn: (previewId: string) => commitImport(previewId, lang),
    // New data changes every page's numbers (and the history).
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const isBusy = check.isPending || commit.isPending;
  // The server's side of a running job (ours once the upload is through, or someone else's).
  const progress = useQuery({
    queryKey: ['import-progress', lang],
    queryFn: () => fetchImportProgress(lang),
    enabled: canImport,
    refetchInterval: isBusy ? 500 : 10_000,
  });
  const running = progress.data?.running ?? null;
  const stageIndex = running ? IMPORT_STAGES.indexOf(running.stage) : -1;
  const stageTitle = (stage: TImportStageKey) =>
    check.isPending && stage === 'writing' ? m('stage_preview_writing') : m(`stage_${stage}`);
  // A preview reads, checks and compares; a commit also refreshes the statistics.
  const stages = check.isPending ? IMPORT_STAGES.filter((s) => s !== 'refreshing') : IMPORT_STAGES;
  const preview = check.data;
  const reset = () => {
    check.reset();
    commit.reset();
  };

  return (
    <div className="import-panel" data-testid="import-panel">
      <Typography.Paragraph>{m('importIntro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <a href={IMPORT_TEMPLATE_PATH} download data-testid="import-template">
          {m('template')}
        </a>
      </Typography.Paragraph>
      {!canImport ? (
        <Alert type="info" showIcon title={m('importAdminOnly')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          {user.role === 'secretary' ? (
            <Alert type="info" showIcon title={m('importSecretaryScope')} />
          ) : null}
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            disabled={isBusy}
            data-testid="import-file"
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              reset();
            }}
          >
            <p className="ant-upload-text">{m('pickFile')}</p>
            <p className="ant-upload-hint">{m('pickHint')}</p>
          </Upload.Dragger>
          <Space wrap>
            <span>{m('sheet')}</span>
            <Select
              style={{ width: 280 }}
              value={sheet}
              onChange={setSheet}
              options={[
                { value: '', label: m('sheetAuto') },
                ...SHEET_KEYS.map((k) => ({ value: SHEETS[k].zh, label: SHEETS[k][lang] })),
              ]}
            />
            <Button
              type="primary"
              disabled={!file || isBusy}
              loading={check.isPending}
              data-testid="import-start"
              onClick={() => {
                if (!file) return;
                commit.reset();
                check.mutate(file);
              }}
            >
              {check.isPending ? m('importing') : m('start')}
            </Button>
          </Space>
        </Space>
      )}
      {canImport && running && !running.isOwn && !isBusy ? (
        <Alert type="info" showIcon title={m('otherImport', { file: running.fileName })} />
      ) : null}
      {isBusy ? (
        <div className="import-progress" data-testid="import-progress">
          {check.isPending ? (
            <Progress
              percent={Math.round(uploaded * 100)}
              size="small"
              format={(p) => (p === 100 ? m('uploaded') : m('uploading', { percent: p ?? 0 }))}
            />
          ) : null}
          <Steps
            size="small"
            current={check.isPending && uploaded < 1 ? -1 : Math.max(0, stageIndex)}
            items={stages.map((stage) => ({ title: stageTitle(stage) }))}
          />
        </div>
      ) : null}
      {check.error ? (
        <Alert type="error" showIcon title={m('requestFailed', { reason: check.error.message })} />
      ) : null}
      {commit.error ? (
        <Alert type="error" showIcon data-testid="commit-error" title={commit.error.message} />
      ) : null}
      {commit.data ? (
        <div className="import-result" data-testid="import-result" data-ok="true">
          <Alert
            type="success"
            showIcon
            title={m('okTitle', { file: commit.data.fileName })}
            description={
              commit.data.importId !== null ? (
                <Typography.Link
                  onClick={() => setSearchParams({ tab: 'history' })}
                  data-testid="import-to-history"
                >
                  {m('okHint')}
                </Typography.Link>
              ) : undefined
            }
          />
          <CountsTable counts={commit.data.counts} testId="import-counts" />
        </div>
      ) : preview ? (
        <ImportPreview
          preview={preview}
          isCommitting={commit.isPending}
          // A refused commit drops the preview on the server: the file has to be uploaded again.
          isConfirmable={!commit.error}
          onConfirm={() => preview.previewId && commit.mutate(preview.previewId)}
          onCancel={() => {
            reset();
            setFile(null);
          }}
        />
      ) : null}
    </div>
  );
}
