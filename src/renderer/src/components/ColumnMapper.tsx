import { useId } from 'react';
import { fieldsFor, guessMapping, looksPercentScaled, type CatalogKind } from '../lib/catalog-fields';
import { mapperProblem, type ImportPreview, type MapperState } from '../state/imports';

interface ColumnMapperProps {
  readonly preview: ImportPreview;
  readonly mapper: MapperState;
  readonly onChange: (mapper: MapperState) => void;
}

/** Says which catalog field each column of an unknown file fills. */
export function ColumnMapper({ preview, mapper, onChange }: ColumnMapperProps) {
  const id = useId();
  const fields = fieldsFor(mapper.kind);
  const problem = mapperProblem(mapper);

  const setKind = (kind: CatalogKind) =>
    onChange({ ...mapper, kind, byColumn: guessMapping(kind, preview.header), featuresInPercent: kind === 'songs' && looksPercentScaled(preview.header) });

  const setField = (column: string, field: string) => {
    const byColumn: Record<string, string> = {};
    // A field comes from one column: choosing it here takes it away from any other column.
    for (const [other, value] of Object.entries(mapper.byColumn)) if (other !== column && value !== field) byColumn[other] = value;
    if (field) byColumn[column] = field;
    onChange({ ...mapper, byColumn });
  };

  return (
    <fieldset className="mapper" aria-describedby={`${id}-help`}>
      <legend>Column mapping</legend>
      <p className="muted small" id={`${id}-help`}>
        Choose the catalog field each column fills; leave the others out. Only the title is required.
      </p>
      <div className="mapper__options">
        <div role="radiogroup" aria-label="The file holds" className="segmented">
          {(['songs', 'movies'] as const).map((kind) => (
            <label key={kind} className="segmented__option">
              <input type="radio" name={`${id}-kind`} value={kind} checked={mapper.kind === kind} onChange={() => setKind(kind)} />
              <span>{kind === 'songs' ? 'Songs' : 'Movies'}</span>
            </label>
          ))}
        </div>
        <div className="field field--inline">
          <label htmlFor={`${id}-separator`}>List separator</label>
          <input
            id={`${id}-separator`}
            className="input input--short"
            value={mapper.listSeparator}
            maxLength={3}
            onChange={(event) => onChange({ ...mapper, listSeparator: event.target.value })}
          />
        </div>
        {mapper.kind === 'songs' && (
          <label className="checkbox">
            <input type="checkbox" checked={mapper.featuresInPercent} onChange={(event) => onChange({ ...mapper, featuresInPercent: event.target.checked })} />
            Audio features are percentages (0–100)
          </label>
        )}
      </div>
      <div className="table-scroll table-scroll--tall">
        <table className="table table--mapper">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
              <th scope="col">Catalog field</th>
            </tr>
          </thead>
          <tbody>
            {preview.header.map((column, index) => {
              const selectId = `${id}-field-${index}`;
              const chosen = mapper.byColumn[column] ?? '';
              const hint = fields.find((candidate) => candidate.id === chosen)?.expects;
              return (
                <tr key={`${index}-${column}`}>
                  <th scope="row">
                    <label htmlFor={selectId}>{column || `(column ${index + 1})`}</label>
                  </th>
                  <td className="mapper__sample">
                    {preview.rows
                      .slice(0, 3)
                      .map((row) => row[index] ?? '')
                      .filter((value) => value !== '')
                      .join(' · ')}
                  </td>
                  <td>
                    <select
                      id={selectId}
                      className="select"
                      value={chosen}
                      onChange={(event) => setField(column, event.target.value)}
                      aria-describedby={hint ? `${selectId}-hint` : undefined}
                    >
                      <option value="">— not imported —</option>
                      {fields.map((candidate) => (
                        <option key={candidate.id} value={candidate.id}>
                          {candidate.label}
                        </option>
                      ))}
                    </select>
                    {hint && (
                      <span className="muted small mapper__expects" id={`${selectId}-hint`}>
                        {hint}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {problem && <p className="warning-note">{problem}</p>}
    </fieldset>
  );
}
