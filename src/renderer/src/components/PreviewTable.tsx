interface PreviewTableProps {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly caption: string;
  readonly maxRows?: number;
}

/** The first rows of a file, as read with the detected encoding and delimiter. */
export function PreviewTable({ header, rows, caption, maxRows = 5 }: PreviewTableProps) {
  const shown = rows.slice(0, maxRows);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="table table--preview">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {header.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {header.map((_, index) => (
                <td key={index} title={row[index]}>
                  {row[index] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
