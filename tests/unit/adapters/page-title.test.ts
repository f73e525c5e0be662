// The headline where og:title, <h1> and <title> agree, and the site's name taken off without a list of sites.
import { describe, expect, it } from 'vitest';
import { pageTitle, withoutSiteName } from '../../../functions/adapters/article-sources/page-title.js';

describe('pageTitle', () => {
  it('takes the <h1> that the <title> or og:title also gives, before the site name', () => {
    expect(
      pageTitle({
        title: 'Nadal keeps Spain alive in Davis Cup Finals - Sportsnet.ca',
        ogTitle: 'Nadal keeps Spain alive in Davis Cup Finals - Sportsnet.ca',
        headings: ['Nadal keeps Spain alive in Davis Cup Finals', 'Create a new password'],
      }),
    ).toBe('Nadal keeps Spain alive in Davis Cup Finals');
  });

  it('passes over an <h1> that is the logo, a section or the site name', () => {
    expect(
      pageTitle({
        title: 'Jangan Membenci Satu Kaum | Kabar tentang Dunia Islam',
        ogTitle: 'Jangan Membenci Satu Kaum',
        headings: ['Kabar tentang Dunia Islam', 'Games'],
        siteName: 'Kabar tentang Dunia Islam',
      }),
    ).toBe('Jangan Membenci Satu Kaum');
  });

  it('matches spellings that differ only in punctuation', () => {
    expect(
      pageTitle({
        title: "Stadia doesn't run at a stable 60fps",
        headings: ['Stadia doesn’t run at a stable 60fps'],
      }),
    ).toBe('Stadia doesn’t run at a stable 60fps');
  });

  it('takes the site’s name off og:title or <title> when no <h1> agrees', () => {
    expect(
      pageTitle({
        title: 'Daily Deals: PS4 controller and AirPods - IGN',
        ogTitle: 'Daily Deals: PS4 controller and AirPods - IGN',
        headings: ['Games', 'IGN Entertainment'],
        siteName: 'IGN',
      }),
    ).toBe('Daily Deals: PS4 controller and AirPods');
    expect(
      pageTitle({
        title: 'Dare to Play 3 / October pack – Vortex Cannon Entertainment',
        headings: [],
        url: 'https://vortexcannon.org/dare-to-play-3/',
      }),
    ).toBe('Dare to Play 3 / October pack');
  });

  it('keeps a headline that starts with the site’s name', () => {
    expect(
      pageTitle({
        title: 'The Guardian view on Hong Kong: a city on the brink | Editorial | Opinion | The Guardian',
        ogTitle: 'The Guardian view on Hong Kong: a city on the brink | Editorial',
        headings: ['The Guardian view on Hong Kong: a city on the brink'],
        siteName: 'the Guardian',
        url: 'https://www.theguardian.com/commentisfree/2019/nov/18/hong-kong',
      }),
    ).toBe('The Guardian view on Hong Kong: a city on the brink');
  });

  it('gives undefined for a page without any', () => {
    expect(pageTitle({ headings: [] })).toBeUndefined();
  });
});

describe('withoutSiteName', () => {
  it('knows the site by the address’s main name, with or without its suffix', () => {
    const url = 'https://www.thesun.co.uk/news/1/hunter/';

    expect(withoutSiteName('Hunter diagnosed with plague – The Sun', { headings: [], url })).toBe(
      'Hunter diagnosed with plague',
    );
    expect(
      withoutSiteName('Doobie Brothers reunite - cleveland.com', {
        headings: [],
        url: 'https://www.cleveland.com/x',
      }),
    ).toBe('Doobie Brothers reunite');
  });

  it('keeps parts of the headline that do not name the site', () => {
    expect(withoutSiteName('Milan Design Week 2018 | Light installation for FLOS', { headings: [] })).toBe(
      'Milan Design Week 2018 | Light installation for FLOS',
    );
  });
});
