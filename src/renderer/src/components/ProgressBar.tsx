interface ProgressBarProps {
  /** 0..1, or null when the total is unknown (an indeterminate bar). */
  readonly fraction: number | null;
  readonly label: string;
  /** Spoken instead of the bare percentage, e.g. "45 %, about 3 s left". */
  readonly valueText?: string;
  readonly paused?: boolean;
}

export function ProgressBar({ fraction, label, valueText, paused = false }: ProgressBarProps) {
  const percent = fraction === null ? null : Math.round(Math.min(1, Math.max(0, fraction)) * 1000) / 10;
  return (
    <div
      className={`progress${percent === null ? ' progress--indeterminate' : ''}${paused ? ' progress--paused' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText ?? (percent === null ? undefined : `${percent} %`)}
    >
      <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
