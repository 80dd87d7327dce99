/** The six KPI cards: value, goal with attainment colour, and the change against the same period a year earlier. */
import { Tooltip } from 'antd';
import type { TMetricsScope } from '../../../../shared/schemas/metrics';
import type { TOverviewKpi } from '../../../../shared/schemas/overview';
import { STATUS_COLORS, STATUS_TEXT_COLORS } from '../../lib/format';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { kpiCardModel } from './kpi-model';
import { OVERVIEW_MESSAGES } from './messages';

const TREND_ARROWS = { up: '▲', down: '▼', flat: '▬' } as const;

export function KpiCards({
  kpis,
  scope,
  variant = 'page',
}: {
  kpis: readonly TOverviewKpi[];
  /** The KPIs' counted range: how prorated goals were scaled, and a running month's index as 进行中. */
  scope?: TMetricsScope;
  variant?: 'page' | 'screen';
}) {
  const { lang } = useI18n();
  const m = useMessages(OVERVIEW_MESSAGES);
  return (
    <div className={`kpi-grid kpi-grid-${variant}`}>
      {kpis.map((kpi) => {
        const card = kpiCardModel(kpi, lang, scope);
        return (
          <div
            key={card.key}
            className="kpi-card"
            data-testid={`kpi-${card.key}`}
            data-status={card.status}
            style={{ borderTopColor: STATUS_COLORS[card.status] }}
          >
            <div className="kpi-label">{card.label}</div>
            <div className="kpi-value">
              <span className="kpi-number" data-testid={`kpi-value-${card.key}`}>
                {card.value}
              </span>
              {card.unit && <span className="kpi-unit">{card.unit}</span>}
            </div>
            <Tooltip title={card.goalNote}>
              <div className="kpi-goal" data-testid={`kpi-goal-${card.key}`}>
                <span>{card.goalText}</span>
                {card.attainment && (
                  <span className="kpi-attainment" style={{ color: STATUS_TEXT_COLORS[card.status] }}>
                    {card.attainment}
                  </span>
                )}
              </div>
            </Tooltip>
            {card.scaleNote && variant === 'page' ? (
              <div className="kpi-scale" data-testid={`kpi-scale-${card.key}`}>
                {card.scaleNote}
              </div>
            ) : null}
            <div
              className={`kpi-delta kpi-delta-${card.trend ?? 'none'}`}
              data-testid={`kpi-delta-${card.key}`}
            >
              <span className="kpi-delta-label">{m('yoy')}</span>
              {card.trend && <span aria-hidden>{TREND_ARROWS[card.trend]}</span>}
              <span>{card.delta}</span>
            </div>
          </div>
        );
      })}
    </div>
  );
}
