/** 数据导入: pick a workbook or CSV, upload it, and show the counts per sheet or every problem. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { SHEET_KEYS, SHEETS } from '../../../../shared/import-format';
import {
  IMPORT_STAGES,
  IMPORT_TEMPLATE_PATH,
  type TUploadProblem,
} from '../../../../shared/schemas/import-upload';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { useSession } from '../auth/session';
import { DATA_MESSAGES } from './messages';
import { fetchImportProgress, uploadImport } from './upload-import';

function ProblemTable({ problems, testId }: { problems: TUploadProblem[]; testId: string }) {
  const m = useMessages(DATA_MESSAGES);
  return (
    <Table
      size="small"
      data-testid={testId}
      rowKey={(_, i) => String(i)}
      dataSource={problems}
      pagination={problems.length > 50 ? { pageSize: 50 } : false}
      columns={[
        { title: m('colSheet'), dataIndex: 'sheet', width: 100 },
        { title: m('colRow'), dataIndex: 'row', width: 70, align: 'right' },
        { title: m('colColumn'), dataIndex: 'column', width: 120 },
        { title: m('colValue'), dataIndex: 'value', width: 160, ellipsis: true },
        { title: m('colReason'), dataIndex: 'reason' },
      ]}
    />
  );
}

export function ImportPanel() {
  const { lang } = useI18n();
  const m = useMessages(DATA_MESSAGES);
  const user = useSession();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [sheet, setSheet] = useState<string>('');
  const [uploaded, setUploaded] = useState(0);
  const run = useMutation({
    mutationFn: (f: File) => {
      setUploaded(0);
      return uploadImport(f, { sheet: sheet || undefined, lang, onUploadProgress: setUploaded });
    },
    // New data changes every page's numbers.
    onSuccess: (result) => (result.ok ? queryClient.invalidateQueries() : undefined),
  });
  const canImport = user.role === 'admin';
  const result = run.data;
  // The server's side of a running import (ours once the upload is through, or someone else's).
  const progress = useQuery({
    queryKey: ['import-progress', lang],
    queryFn: () => fetchImportProgress(lang),
    enabled: canImport,
    refetchInterval: run.isPending ? 500 : 10_000,
  });
  const running = progress.data?.running ?? null;
  const stageIndex = running ? IMPORT_STAGES.indexOf(running.stage) : -1;

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
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            data-testid="import-file"
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
            beforeUpload={(f) => {
              setFile(f);
              run.reset();
              return false;
            }}
            onRemove={() => {
              setFile(null);
              run.reset();
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
              disabled={!file}
              loading={run.isPending}
              data-testid="import-start"
              onClick={() => file && run.mutate(file)}
            >
              {run.isPending ? m('importing') : m('start')}
            </Button>
          </Space>
        </Space>
      )}
      {canImport && running && !run.isPending ? (
        <Alert type="info" showIcon title={m('otherImport', { file: running.fileName })} />
      ) : null}
      {run.isPending ? (
        <div className="import-progress" data-testid="import-progress">
          <Progress
            percent={Math.round(uploaded * 100)}
            size="small"
            format={(p) => (p === 100 ? m('uploaded') : m('uploading', { percent: p ?? 0 }))}
          />
          <Steps
            size="small"
            current={uploaded < 1 ? -1 : Math.max(0, stageIndex)}
            items={IMPORT_STAGES.map((stage) => ({ title: m(`stage_${stage}`) }))}
          />
        </div>
      ) : null}
      {run.error ? (
        <Alert type="error" showIcon title={m('requestFailed', { reason: run.error.message })} />
      ) : null}
      {result ? (
        <div className="import-result" data-testid="import-result" data-ok={String(result.ok)}>
          {result.ok ? (
            <>
              <Alert type="success" showIcon title={m('okTitle', { file: result.fileName })} />
              <Table
                size="small"
                data-testid="import-counts"
                rowKey="key"
                pagination={false}
                dataSource={SHEET_KEYS.map((k) => ({ key: k, ...result.counts[k] }))}
                onRow={(r) => ({ 'data-sheet': r.key }) as object}
                columns={[
                  { title: m('colSheet'), key: 'sheet', render: (_, r) => SHEETS[r.key][lang] },
                  { title: m('colInserted'), dataIndex: 'inserted', align: 'right' },
                  { title: m('colUpdated'), dataIndex: 'updated', align: 'right' },
                  { title: m('colUnchanged'), dataIndex: 'unchanged', align: 'right' },
                ]}
              />
            </>
          ) : (
            <>
              <Alert type="error" showIcon title={m('failTitle', { n: result.errors.length })} />
              <ProblemTable problems={result.errors} testId="import-errors" />
            </>
          )}
          {result.warnings.length > 0 ? (
            <>
              <Alert type="warning" showIcon title={m('warnTitle', { n: result.warnings.length })} />
              <ProblemTable problems={result.warnings} testId="import-warnings" />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
