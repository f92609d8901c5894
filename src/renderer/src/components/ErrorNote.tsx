/** One sentence saying what went wrong and what to do next (the services phrase it that way). */
export function ErrorNote({ message, id }: { message: string | null; id?: string }) {
  if (!message) return null;
  return (
    <p className="error-note" role="alert" id={id}>
      {message}
    </p>
  );
}
