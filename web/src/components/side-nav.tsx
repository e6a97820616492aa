/** Side navigation: links grouped under labels, the current one marked for assistive technology. */
import { useId } from 'react';

export interface NavGroup {
  /** Shown above the group's links; omit when there is only one group. */
  label?: string;
  links: { href: string; text: string; detail?: string; current: boolean }[];
}

export function SideNav({ label, groups }: { label: string; groups: readonly NavGroup[] }) {
  const baseId = useId();
  return (
    <nav className="side-nav" aria-label={label}>
      <p className="side-nav-title">{label}</p>
      {groups.map((group, index) => {
        const groupId = `${baseId}-${index}`;
        return (
          <div key={groupId} className="side-nav-group">
            {group.label ? (
              <p className="side-nav-group-label" id={groupId}>
                {group.label}
              </p>
            ) : null}
            <ul aria-labelledby={group.label ? groupId : undefined}>
              {group.links.map((link) => (
                <li key={link.href}>
                  <a href={link.href} aria-current={link.current ? 'page' : undefined}>
                    <span className="side-nav-link-text">{link.text}</span>
                    {link.detail ? (
                      <span className="side-nav-link-detail">{link.detail}</span>
                    ) : null}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
