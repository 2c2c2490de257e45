// A table of text already written in French (a register, a report): a header row and one row per line.
export function TextTable({ columns, rows }: { readonly columns: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> }) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column}>{column}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) => (
              <td key={column}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
