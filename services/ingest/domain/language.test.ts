import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectLanguage } from './language.ts';

test('short English news sentences are English, not French or Italian', () => {
  assert.equal(detectLanguage('Russian warplanes bombed rebel positions near Homs on Sunday.'), 'en');
  assert.equal(
    detectLanguage('Turkish forces shelled Kurdish militia positions in northern Syria on Saturday.'),
    'en',
  );
});

test('short sentences of the languages franc confused it with keep their language', () => {
  const cases: [string, string][] = [
    ['fr', 'Le gouvernement a annoncé des sanctions contre la Russie lundi.'],
    ['it', 'Il governo italiano ha annunciato nuove sanzioni contro la Russia.'],
    ['de', 'Die Regierung kündigte am Montag neue Sanktionen gegen Russland an.'],
    ['es', 'El gobierno anunció nuevas sanciones contra Rusia el lunes.'],
    ['pt', 'O governo anunciou novas sanções contra a Rússia na segunda-feira.'],
    ['nl', 'De regering heeft maandag nieuwe sancties tegen Rusland aangekondigd.'],
  ];
  for (const [lang, text] of cases) assert.equal(detectLanguage(text), lang, text);
});

test('other scripts and languages still go to franc; too little text is undetermined', () => {
  assert.equal(detectLanguage('Премьер-министр России заявил в понедельник о новых санкциях.'), 'ru');
  assert.equal(detectLanguage('Rząd ogłosił w poniedziałek nowe sankcje wobec Rosji.'), 'pl');
  assert.equal(detectLanguage('Obama met Putin.'), null);
});
