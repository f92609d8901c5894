export type Screen = 'discover' | 'library' | 'lists' | 'settings';

const SCREENS: readonly { id: Screen; label: string }[] = [
  { id: 'discover', label: 'Discover' },
  { id: 'lists', label: 'Lists' },
  { id: 'library', label: 'Library' },
  { id: 'settings', label: 'Settings' },
];

export function NavTabs({ screen, onChange }: { screen: Screen; onChange: (screen: Screen) => void }) {
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {SCREENS.map((item) => (
          <li key={item.id}>
            <button type="button" className="nav__item" aria-current={screen === item.id ? 'page' : undefined} onClick={() => onChange(item.id)}>
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
